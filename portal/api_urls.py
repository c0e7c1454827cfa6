"""The REST API, version 1, and its OpenAPI document and docs (served from local assets)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api import MyAccountView, TokenView
from applications.api import ApplicationViewSet, PostTripReportView
from clearance.api import ApplicationClearanceView
from conversations.api import ApplicationMessagesView
from credentials.api import MyCredentialViewSet
from matching.api import MatchListView, SuggestedVolunteersView
from matching.rounds_api import MatchRoundViewSet
from notifications.api import SavedSearchViewSet
from organizations.api import OrganizationViewSet
from physicians.api import MyProfileView
from trips.api import TripViewSet

# No `.json` format-suffix routes: the content type is negotiated with Accept, and the suffix
# reached custom actions that take no `format` argument (a 500).
router = DefaultRouter()
router.include_format_suffixes = False
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("trips", TripViewSet, basename="trip")
router.register("applications", ApplicationViewSet, basename="application")
router.register("rounds", MatchRoundViewSet, basename="round")
router.register("me/credentials", MyCredentialViewSet, basename="my-credential")
router.register("saved-searches", SavedSearchViewSet, basename="saved-search")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("matches/", MatchListView.as_view(), name="api-matches"),
    path("me/", MyAccountView.as_view(), name="api-my-account"),
    path("me/physician/", MyProfileView.as_view(), name="api-my-profile"),
    path("applications/<int:id>/clearance/", ApplicationClearanceView.as_view(), name="api-application-clearance"),
    path("applications/<int:id>/messages/", ApplicationMessagesView.as_view(), name="api-application-messages"),
    path("trips/<int:trip_pk>/report/", PostTripReportView.as_view({"post": "create"}), name="api-trip-report"),
    path("trips/<int:pk>/suggested-volunteers/", SuggestedVolunteersView.as_view(), name="api-suggested-volunteers"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
] + router.urls
