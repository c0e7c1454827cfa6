from django.urls import path

from . import views

app_name = "waitlist"
urlpatterns = [
    path("", views.my_offers, name="mine"),
    path("offers/<int:pk>/answer/", views.answer, name="answer"),
    path("trips/<int:pk>/settings/", views.trip_settings, name="trip-settings"),
]
