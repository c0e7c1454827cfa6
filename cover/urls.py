from django.urls import path

from . import views

app_name = "cover"
urlpatterns = [
    path("", views.calendar_list, name="list"),
    path("new/", views.calendar_edit, name="create"),
    path("<int:pk>/", views.calendar_detail, name="detail"),
    path("<int:pk>/edit/", views.calendar_edit, name="edit"),
    path("<int:pk>/delete/", views.calendar_delete, name="delete"),
    path("<int:pk>/rounds/", views.round_start, name="round-start"),
    path("<int:pk>/rounds/<int:round_pk>/", views.round_detail, name="round"),
    path(
        "<int:pk>/rounds/<int:round_pk>/proposals/<int:proposal_pk>/<str:action>/",
        views.proposal_answer,
        name="proposal",
    ),
]
