from django.contrib import admin
from django.urls import include, path

from notifications.health import OutboxHealthView

from . import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("", include("i18n.urls")),
    path("health/", health.ServersHealthView.as_view(), name="health"),
    path("health/outbox/", OutboxHealthView.as_view(), name="health-outbox"),
    path("health/live/", health.live, name="health-live"),
    path("accounts/", include("allauth.urls")),
    path("organizations/", include("organizations.urls")),
    path("trips/", include("trips.urls")),
    path("physicians/", include("physicians.urls")),
    path("applications/", include("applications.urls")),
    path("matches/", include("matching.urls")),
    path("manage/<slug:slug>/cover/", include("cover.urls")),
    path("manage/", include("organizations.manage_urls")),
    path("alerts/", include("notifications.urls")),
    path("credentials/", include("credentials.urls")),
    path("conversations/", include("conversations.urls")),
    path("clearance/", include("clearance.urls")),
    path("references/", include("references.urls")),
    path("waitlist/", include("waitlist.urls")),
    path("api/v1/", include("portal.api_urls")),
]

handler500 = "portal.views.server_error"
