"""How API calls authenticate: knox tokens of accounts with a confirmed email."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication
from rest_framework import exceptions

from .selectors import user_has_verified_email


class VerifiedEmailTokenAuthentication(TokenAuthentication):
    """knox's hashed, expiring tokens, refused for an account whose email is not confirmed,
    as the pages refuse to log it in (a token issued before the address changed included).
    The API then answers in the account's language, as the pages do (UserLanguageMiddleware
    sees only session users: a token is read here, inside the view)."""

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        if not user_has_verified_email(user=user):
            raise exceptions.AuthenticationFailed(_("Confirm your email address first: follow the link we sent you."))
        translation.activate(user.language)
        return user, token


class VerifiedEmailTokenScheme(OpenApiAuthenticationExtension):
    """How the OpenAPI document describes these tokens: `Authorization: Token <token>`."""

    target_class = VerifiedEmailTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
