from django.apps import AppConfig


class ReferencesConfig(AppConfig):
    name = "references"

    def ready(self):
        from . import rules  # noqa: F401  (registers the app's permissions)
