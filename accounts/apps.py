from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        # ready() is where Django registers system checks: importing the module registers them,
        # once the app registry is loaded.
        from accounts import checks  # noqa: F401  (imported for its registrations)
