"""Reads about accounts: verified addresses and API tokens."""

from allauth.account import app_settings as allauth_settings
from allauth.account.models import EmailAddress
from django.utils import timezone
from knox.models import get_token_model


def user_has_verified_email(*, user):
    """Whether the account may act: a confirmed address, unless verification is not mandatory."""
    if allauth_settings.EMAIL_VERIFICATION != allauth_settings.EmailVerificationMethod.MANDATORY:
        return True
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def api_tokens_active_for_user(*, user):
    """The account's unexpired API tokens, newest first (one per sign-in)."""
    now = timezone.now()
    return (
        get_token_model()
        .objects.filter(user=user)
        .exclude(expiry__lte=now)
        .order_by("-created")
        .only("digest", "token_key", "created", "expiry")
    )
