from django.urls import path

from . import views

app_name = "credentials"
urlpatterns = [
    path("", views.my_documents, name="mine"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("trips/<int:pk>/requirements/", views.trip_requirements, name="trip-requirements"),
    path("applications/<int:pk>/", views.application_documents_page, name="application-documents"),
]
