from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "credentials"

    def ready(self):
        from . import rules  # noqa: F401  (registers the app's permissions)
