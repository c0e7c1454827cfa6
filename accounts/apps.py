from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # ready() is where Django registers system checks and signal receivers: importing the modules
        # registers them, once the app registry is loaded.
        from accounts import checks, receivers  # noqa: F401  (imported for their registrations)
