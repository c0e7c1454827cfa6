"""How API calls authenticate: knox tokens of accounts with a confirmed email."""

from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from .selectors import user_has_verified_email


class VerifiedEmailTokenAuthentication(TokenAuthentication):
    """knox's hashed, expiring tokens, refused for an account whose email is not confirmed,
    as the pages refuse to log it in (a token issued before the address changed included)."""

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        if not user_has_verified_email(user=user):
            raise exceptions.AuthenticationFailed(_("Confirm your email address first: follow the link we sent you."))
        return user, token
