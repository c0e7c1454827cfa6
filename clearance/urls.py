from django.urls import path

from . import views

app_name = "clearance"
urlpatterns = [
    path("me/", views.my_readiness, name="readiness"),
    path("applications/<int:pk>/", views.application_clearance, name="application"),
]
