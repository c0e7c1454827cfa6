from django.urls import path

from . import views

app_name = "references"
urlpatterns = [
    path("", views.my_referees, name="mine"),
    path("applications/<int:pk>/", views.application_references, name="application"),
    path("answer/<str:token>/", views.answer, name="answer"),
]
