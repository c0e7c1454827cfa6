"""Credential documents a physician uploads, who downloaded them, what each trip requires,
and the clearance to practise of each accepted application."""

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import vocabulary
import vocabulary.choices


def credential_storage():
    """The private storage alias (STORAGES["credentials"]), looked up when used so tests and
    deployments can point it elsewhere."""
    return storages["credentials"]


def credential_file_name(document, filename):
    """A random name: the physician's own file name never reaches the storage or a URL."""
    return f"{document.physician_id}/{uuid.uuid4().hex}{document.extension}"


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    VERIFIED = "verified", _("Verified by MissionMatch")
    REJECTED = "rejected", _("Rejected")


class CredentialDocumentQuerySet(models.QuerySet):
    def verified(self, today=None):
        """Verified by an admin and not expired: an expired document is no longer verified."""
        today = today or timezone.localdate()
        return self.filter(review_status=ReviewStatus.VERIFIED).filter(
            Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        )

    def for_physician(self, physician):
        return self.filter(physician=physician)


class CredentialDocument(models.Model):
    physician = models.ForeignKey(
        "physicians.PhysicianProfile", on_delete=models.CASCADE, related_name="credential_documents"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=vocabulary.choices.CREDENTIAL_KIND_CHOICES)
    issuer = models.CharField(_("issuer"), max_length=200)
    number = models.CharField(_("number"), max_length=100, blank=True, help_text=_("Where the document has one."))
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    file = models.FileField(storage=credential_storage, upload_to=credential_file_name, max_length=200)
    content_type = models.CharField(max_length=50, editable=False)
    size_bytes = models.PositiveIntegerField(editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    review_status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    review_reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reminded_60_days_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_14_days_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = CredentialDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-uploaded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=vocabulary.CREDENTIAL_KIND_KEYS),
                name="credential_kind_valid",
            ),
            models.CheckConstraint(condition=Q(review_status__in=ReviewStatus.values), name="credential_review_valid"),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="credential_expires_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["review_status", "expires_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.physician}"

    EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}

    @property
    def extension(self):
        return self.EXTENSIONS.get(self.content_type, "")

    def is_expired(self, today=None):
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())

    def is_verified(self, today=None):
        """What organizations see as "verified by MissionMatch": verified and not expired."""
        return self.review_status == ReviewStatus.VERIFIED and not self.is_expired(today)

    @property
    def download_name(self):
        return f"{self.kind}{self.extension}"


class CredentialDownload(models.Model):
    """Every download of a credential document: who, when, which. Kept when the document goes."""

    document = models.ForeignKey(CredentialDocument, on_delete=models.SET_NULL, null=True, related_name="downloads")
    document_description = models.CharField(max_length=300)
    downloaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    downloaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-downloaded_at", "-id"]

    def __str__(self):
        return f"{self.document_description} by {self.downloaded_by} at {self.downloaded_at:%Y-%m-%d %H:%M}"


class TripDocumentRequirement(models.Model):
    """A document the organization requires for a trip, due so many days before departure."""

    trip = models.ForeignKey("trips.Trip", on_delete=models.CASCADE, related_name="document_requirements")
    kind = models.CharField(_("document"), max_length=30, choices=vocabulary.choices.CREDENTIAL_KIND_CHOICES)
    days_before_departure = models.PositiveSmallIntegerField(_("days before departure"), default=30)

    class Meta:
        ordering = ["trip", "kind"]
        constraints = [models.UniqueConstraint(fields=["trip", "kind"], name="trip_document_requirement_unique")]

    def __str__(self):
        return f"{self.trip}: {self.get_kind_display()} ({self.days_before_departure} days ahead)"
