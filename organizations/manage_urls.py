from django.urls import path

from . import manage_views as views

app_name = "manage"
urlpatterns = [
    path("invitations/<str:token>/", views.accept_invitation, name="accept-invitation"),
    path("<slug:slug>/", views.dashboard, name="dashboard"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/resubmit/", views.resubmit, name="resubmit"),
    path("<slug:slug>/trips/new/", views.trip_create, name="trip-create"),
    path("<slug:slug>/trips/<int:pk>/edit/", views.trip_edit, name="trip-edit"),
    path("<slug:slug>/trips/<int:pk>/status/", views.trip_status, name="trip-status"),
    path("<slug:slug>/trips/<int:pk>/duplicate/", views.trip_copy, name="trip-duplicate"),
]
