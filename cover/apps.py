from django.apps import AppConfig


class CoverConfig(AppConfig):
    name = "cover"
