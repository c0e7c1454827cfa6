from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"

    def ready(self):
        from . import receivers  # noqa: F401 (connects the deletion receivers)
