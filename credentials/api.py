"""API for the signed-in physician's credential documents: upload (multipart), list, delete.
Through the same services as the pages; files are downloaded from the page's streamed view."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from physicians.models import PhysicianProfile

from .models import CredentialDocument
from .selectors import credential_documents_for_physician
from .services import credential_document_delete, credential_document_upload


class CredentialDocumentSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True, help_text=_("PDF, PNG or JPEG, at most 10 MB, checked by content."))
    verified = serializers.SerializerMethodField(help_text=_("Verified by MissionMatch and not expired."))
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = CredentialDocument
        fields = [
            "id",
            "kind",
            "issuer",
            "number",
            "issued_on",
            "expires_on",
            "file",
            "content_type",
            "size_bytes",
            "uploaded_at",
            "review_status",
            "review_reason",
            "reviewed_at",
            "verified",
            "download_url",
        ]
        read_only_fields = [
            "content_type",
            "size_bytes",
            "uploaded_at",
            "review_status",
            "review_reason",
            "reviewed_at",
        ]

    def get_verified(self, document) -> bool:
        return document.is_verified()

    def get_download_url(self, document) -> str:
        return reverse("credentials:download", args=[document.pk])


DOCUMENT_EXAMPLE = {
    "id": 17,
    "kind": "medical_licence",
    "issuer": "Medical Board of California",
    "number": "A123456",
    "issued_on": "2020-07-01",
    "expires_on": "2028-06-30",
    "content_type": "application/pdf",
    "size_bytes": 183422,
    "uploaded_at": "2027-01-05T09:30:00Z",
    "review_status": "verified",
    "review_reason": "",
    "reviewed_at": "2027-01-06T11:00:00Z",
    "verified": True,
    "download_url": "/credentials/17/download/",
}
UPLOAD_EXAMPLE = {
    "kind": "medical_licence",
    "issuer": "Medical Board of California",
    "number": "A123456",
    "issued_on": "2020-07-01",
    "expires_on": "2028-06-30",
    "file": "(the PDF, PNG or JPEG file)",
}


@extend_schema_view(
    list=extend_schema(
        summary="Your credential documents",
        description="The signed-in physician's documents with their review state; `verified` is false once a "
        "document has expired. Paginated.",
        examples=[OpenApiExample("A verified licence", response_only=True, value=DOCUMENT_EXAMPLE)],
    ),
    create=extend_schema(
        summary="Upload a credential document",
        description="Multipart. The file must be a PDF, PNG or JPEG by its content (not its name or declared "
        "type) and at most 10 MB; anything else is a 400 on `file`. A new document awaits review by our team.",
        examples=[
            OpenApiExample("Upload", request_only=True, value=UPLOAD_EXAMPLE),
            OpenApiExample(
                "Uploaded",
                response_only=True,
                status_codes=["201"],
                value={**DOCUMENT_EXAMPLE, "review_status": "pending", "verified": False, "reviewed_at": None},
            ),
        ],
    ),
    destroy=extend_schema(
        summary="Delete one of your documents",
        description="The owner only (404 for anyone else); the stored file is deleted too.",
    ),
)
class MyCredentialViewSet(
    mixins.ListModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    queryset = CredentialDocument.objects.none()  # typed path parameters in the schema; get_queryset scopes by user
    serializer_class = CredentialDocumentSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.MultiPartParser, parsers.FormParser, parsers.JSONParser]
    filter_backends = []

    def _physician(self):
        physician = PhysicianProfile.objects.filter(user=self.request.user).first()
        if physician is None:
            raise PermissionDenied(_("Only physicians have credential documents."))
        return physician

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CredentialDocument.objects.none()
        physician = PhysicianProfile.objects.filter(user=self.request.user).first()
        if physician is None:
            return CredentialDocument.objects.none()
        return credential_documents_for_physician(physician=physician).order_by("kind", "-uploaded_at", "-id")

    def list(self, request, *args, **kwargs):
        self._physician()
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        physician = self._physician()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            document = credential_document_upload(physician=physician, **serializer.validated_data)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        credential_document_delete(document=instance, by_user=self.request.user)
