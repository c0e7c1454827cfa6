from django.urls import path

from . import host_views, views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("host/<str:token>/", host_views.host_link, name="host-link"),
    path("<slug:slug>/", views.organization_detail, name="detail"),
]
