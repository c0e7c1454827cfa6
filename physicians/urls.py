from django.urls import path

from . import views

app_name = "physicians"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/edit/<slug:step>/", views.profile_edit, name="profile-edit"),
]
