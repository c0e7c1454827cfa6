from django.apps import AppConfig


class ClearanceConfig(AppConfig):
    name = "clearance"

    def ready(self):
        from . import rules  # noqa: F401  (registers the app's permissions)
