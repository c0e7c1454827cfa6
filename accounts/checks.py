"""Deploy checks for how passwords are stored."""

from django.conf import settings
from django.core.checks import Error, Tags, register

FAST_HASHERS = {
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
}


@register(Tags.security, deploy=True)
def check_password_hasher(app_configs, **kwargs):
    """MD5 makes the test suite fast; in production it would make stolen hashes trivial to crack."""
    if not settings.DEBUG and settings.PASSWORD_HASHERS and settings.PASSWORD_HASHERS[0] in FAST_HASHERS:
        return [
            Error(
                "PASSWORD_HASHERS starts with an MD5 hasher while DEBUG is off.",
                hint="MD5 is for the test settings only (tests/settings.py); production keeps Django's default.",
                id="accounts.E001",
            )
        ]
    return []
