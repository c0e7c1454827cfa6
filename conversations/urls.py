from django.urls import path

from . import views

app_name = "conversations"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("applications/<int:pk>/", views.application_conversation, name="application"),
]
