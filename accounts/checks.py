"""Deploy checks for signing in: how passwords are stored, and where the counters of the
throttles that guard accounts live."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """Throttle and rate-limit counters live in the cache: a cache per process counts each
    worker's requests on its own, so N workers let N times the limit through."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if not settings.DEBUG and backend in PER_PROCESS_CACHES:
        return [
            Warning(
                f"The default cache ({backend}) is per process while DEBUG is off.",
                hint="Set CACHE_URL to a cache all app servers share (redis://...): the API's throttles and "
                "allauth's rate limits then hold across workers.",
                id="accounts.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_rate_limits(app_configs, **kwargs):
    """allauth's rate limits are what slows password guessing from one address across accounts."""
    if not settings.DEBUG and getattr(settings, "ACCOUNT_RATE_LIMITS", None) is False:
        return [
            Warning(
                "allauth's rate limits are off (ACCOUNT_RATE_LIMITS_ENABLED=0) while DEBUG is off.",
                hint="Leave ACCOUNT_RATE_LIMITS_ENABLED unset in production; only the load script turns it off.",
                id="accounts.W002",
            )
        ]
    return []
