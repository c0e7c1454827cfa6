from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("searches/", views.saved_searches, name="saved-searches"),
    path("searches/save/", views.save_search, name="save-search"),
    path("searches/<int:pk>/delete/", views.delete_search, name="delete-search"),
    path("searches/<int:pk>/emails/", views.search_alerts, name="search-alerts"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("trips/", views.saved_trips, name="saved-trips"),
    path("trips/<int:pk>/save/", views.save_trip, name="save-trip"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("calendar/applications/<int:pk>.ics", views.trip_ics, name="trip-ics"),
]
