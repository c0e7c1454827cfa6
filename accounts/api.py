"""API sign-in for integrations: exchange an account's email and password for a token."""

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken


@extend_schema(
    summary="Obtain an API token",
    description="Send the email address (as `username`) and password of a MissionMatch account; the answer is "
    "the account's token, the same on every call until it is revoked. Send it as `Authorization: Token <token>`. "
    "Wrong credentials are a 400.",
    responses={200: inline_serializer("AuthToken", {"token": serializers.CharField()})},
    examples=[
        OpenApiExample(
            "Sign in",
            request_only=True,
            value={"username": "ana@example.org", "password": "correct horse battery staple"},
        ),
        OpenApiExample("Token", response_only=True, value={"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"}),
    ],
)
class TokenView(ObtainAuthToken):
    pass
