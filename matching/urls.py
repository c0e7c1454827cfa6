from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.my_matches, name="mine"),
    path("how-we-score/", views.how_it_works, name="how-it-works"),
    path("going-well/", views.preparing_well, name="preparing-well"),
    path("trips/<int:pk>/suggested-volunteers/", views.suggested_volunteers, name="suggested-volunteers"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_preferences, name="round-preferences"),
    path("rounds/<int:pk>/trips/<int:trip_pk>/", views.round_trip_ranking, name="round-trip"),
]
