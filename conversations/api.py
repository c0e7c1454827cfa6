"""API for an application's conversation: list (paginated, oldest first) and post."""

import rules
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from applications.models import Application

from .models import MAX_MESSAGE_LENGTH, Message
from .selectors import messages_for_application
from .services import message_post


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text=_("The applicant's display name or the organization's name."))
    from_applicant = serializers.SerializerMethodField()
    body = serializers.CharField(max_length=MAX_MESSAGE_LENGTH, help_text=_("Plain text; HTML is never rendered."))

    class Meta:
        model = Message
        fields = ["id", "author", "from_applicant", "body", "created_at"]
        read_only_fields = ["id", "created_at"]

    def get_from_applicant(self, message) -> bool:
        return message.author_id == self.context["application"].physician.user_id

    def get_author(self, message) -> str:
        application = self.context["application"]
        if self.get_from_applicant(message):
            return application.physician.display_name
        return application.trip.organization.name


MESSAGE_EXAMPLE = {
    "id": 88,
    "author": "Clínica Esperanza",
    "from_applicant": False,
    "body": "Welcome! Our orientation notes are at https://example.org/orientation",
    "created_at": "2027-01-06T14:02:00Z",
}


@extend_schema_view(
    get=extend_schema(
        summary="An application's conversation",
        description="The applicant, members of the trip's organization and admins (404 for anyone else). Oldest "
        "first; paginated.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        examples=[OpenApiExample("A message", response_only=True, value=MESSAGE_EXAMPLE)],
    ),
    post=extend_schema(
        summary="Write to the other side",
        description="The applicant or a member of the trip's organization (admins read only: 403). Plain text, at "
        "most 5,000 characters. A withdrawn, declined or expired application's conversation is read-only 30 days "
        "after it ended (400). The other side is emailed, at most once per conversation per 15 minutes.",
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)],
        examples=[
            OpenApiExample("Write", request_only=True, value={"body": "Which vaccinations do you need from me?"}),
            OpenApiExample(
                "Sent",
                response_only=True,
                status_codes=["201"],
                value={
                    **MESSAGE_EXAMPLE,
                    "author": "Dr. Ana López",
                    "from_applicant": True,
                    "body": "Which vaccinations do you need from me?",
                },
            ),
        ],
    ),
)
class ApplicationMessagesView(generics.ListCreateAPIView):
    serializer_class = MessageSerializer
    permission_classes = [permissions.IsAuthenticated]
    filter_backends = []
    queryset = Message.objects.none()

    def application(self):
        if not hasattr(self, "_application"):
            application = (
                Application.objects.select_related("trip__organization", "physician__user")
                .filter(pk=self.kwargs["id"])
                .first()
            )
            if application is None or not rules.has_perm(
                "conversations.read_conversation", self.request.user, application
            ):
                raise Http404
            self._application = application
        return self._application

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["application"] = self.application()
        return context

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        return messages_for_application(application=self.application())

    def create(self, request, *args, **kwargs):
        application = self.application()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            message = message_post(application=application, author=request.user, body=serializer.validated_data["body"])
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from error
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return Response(self.get_serializer(message).data, status=status.HTTP_201_CREATED)
