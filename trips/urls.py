from django.urls import path

from . import views

app_name = "trips"
urlpatterns = [
    path("", views.TripSearchView.as_view(), name="list"),
    path("<int:pk>/", views.trip_detail, name="detail"),
]
