"""API sign-in for integrations: exchange an account's email and password for a token.

Tokens are django-rest-knox's: stored hashed, one per sign-in (so per device), expiring
after REST_KNOX["TOKEN_TTL"], revoked on a password change or reset and listed (and
revocable) on the account's tokens page. Also the account itself (/me/): its email and the
language of its pages, its emails and the API's messages."""

from django.contrib.auth import authenticate, get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view, inline_serializer
from knox.models import get_token_model
from knox.settings import knox_settings
from rest_framework import generics, permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.throttling import AtomicTokenSignInThrottle

from .selectors import user_has_verified_email
from .services import user_language_set


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=254, help_text="The account's email address.")
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})

    def validate(self, attrs):
        # The plain HttpRequest: django-axes flags a lock-out on the request it is given, and its
        # middleware reads that flag from Django's request, not from DRF's wrapper.
        request = self.context["request"]._request
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(_("Unable to log in with provided credentials."), code="authorization")
        if not user_has_verified_email(user=user):
            raise serializers.ValidationError(
                _("Confirm your email address first: follow the link we sent you."), code="unverified"
            )
        attrs["user"] = user
        return attrs


@extend_schema(
    summary="Obtain an API token",
    description="Send the email address (as `username`) and password of a MissionMatch account with a confirmed "
    "email; the answer is a new token for this device, valid until `expiry` unless revoked (a password change or "
    "reset revokes every token; the account's tokens page lists and revokes them). Send it as "
    "`Authorization: Token <token>`. Wrong credentials are a 400; after AXES_FAILURE_LIMIT failures for one account "
    "from one address (the same count as the log-in page) or too many attempts from one address, a 429.",
    request=TokenRequestSerializer,
    responses={
        200: inline_serializer(
            "AuthToken", {"token": serializers.CharField(), "expiry": serializers.DateTimeField(allow_null=True)}
        )
    },
    examples=[
        OpenApiExample(
            "Sign in",
            request_only=True,
            value={"username": "ana@example.org", "password": "correct horse battery staple"},
        ),
        OpenApiExample(
            "Token",
            response_only=True,
            value={
                "token": "3c2b7f0e1d9a4b8c6e5f7a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5",
                "expiry": "2027-02-01T08:00:00Z",
            },
        ),
    ],
)
class TokenView(APIView):
    authentication_classes = ()
    permission_classes = (permissions.AllowAny,)
    throttle_classes = (AtomicTokenSignInThrottle,)

    @classmethod
    def as_view(cls, **initkwargs):
        # Outside the request's transaction: a failed attempt must be recorded by django-axes
        # even though the 400 it answers rolls a request's transaction back.
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    def handle_exception(self, exc):
        # DRF marks the innermost atomic block for rollback when it answers an error, taking it
        # for the request's; this view has none, so it gets an empty block of its own to mark.
        with transaction.atomic():
            return super().handle_exception(exc)

    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        instance, token = get_token_model().objects.create(
            user=serializer.validated_data["user"], expiry=knox_settings.TOKEN_TTL
        )
        expiry = serializers.DateTimeField().to_representation(instance.expiry) if instance.expiry else None
        return Response({"token": token, "expiry": expiry})


class MyAccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["email", "language"]
        read_only_fields = ["email"]


MY_ACCOUNT_EXAMPLE = {"email": "ana.lopez@example.org", "language": "es"}
MY_ACCOUNT_DESCRIPTION = (
    "The signed-in account: its email (read only) and `language` (`en`, `es`, `fr` or `pt`), the language of its "
    "pages, its emails and the API's messages. Any other code is a 400 naming the field."
)


@extend_schema_view(
    get=extend_schema(
        summary="My account",
        description=MY_ACCOUNT_DESCRIPTION,
        examples=[OpenApiExample("Your account", response_only=True, value=MY_ACCOUNT_EXAMPLE)],
    ),
    put=extend_schema(
        summary="Replace my account's settings",
        description=MY_ACCOUNT_DESCRIPTION,
        examples=[
            OpenApiExample("Spanish", request_only=True, value={"language": "es"}),
            OpenApiExample("Saved", response_only=True, value=MY_ACCOUNT_EXAMPLE),
        ],
    ),
    patch=extend_schema(
        summary="Change my language",
        description=MY_ACCOUNT_DESCRIPTION,
        examples=[
            OpenApiExample("Spanish", request_only=True, value={"language": "es"}),
            OpenApiExample("Saved", response_only=True, value=MY_ACCOUNT_EXAMPLE),
        ],
    ),
)
class MyAccountView(generics.RetrieveUpdateAPIView):
    """The signed-in account: its email (read only) and its language (en, es, fr or pt), which
    the portal's pages, its emails and the API's messages use. A code the portal does not speak is a 400."""

    serializer_class = MyAccountSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer):
        if "language" in serializer.validated_data:
            user_language_set(user=serializer.instance, language=serializer.validated_data["language"])
