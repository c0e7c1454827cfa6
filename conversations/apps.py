from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "conversations"

    def ready(self):
        from . import rules  # noqa: F401  (registers the app's permissions)
