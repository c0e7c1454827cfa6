"""Writes of credential documents: upload, delete, review by admins, download log, expiry
reminders. The pages, the API, Django admin and the management command call these."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from notifications.services import email_enqueue

from .content import credential_content_type
from .models import CredentialDocument, CredentialDownload, ReviewStatus, TripDocumentRequirement


@transaction.atomic
def credential_document_upload(*, physician, kind, issuer, file, number="", issued_on=None, expires_on=None):
    """Store one credential document after checking its content (PDF, PNG or JPEG by its bytes
    and a real parse, at most CREDENTIAL_MAX_UPLOAD_BYTES). A new upload awaits review."""
    if issued_on and expires_on and expires_on < issued_on:
        raise ValidationError({"expires_on": _("The expiry date is before the issue date.")})
    content_type = credential_content_type(file)
    document = CredentialDocument(
        physician=physician,
        kind=kind,
        issuer=issuer,
        number=number,
        issued_on=issued_on,
        expires_on=expires_on,
        content_type=content_type,
        size_bytes=file.size,
    )
    document.file.save("upload", file, save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


def credential_document_delete(*, document, by_user):
    """The owner deletes a document; its stored file is deleted once the deletion commits."""
    if document.physician.user_id != by_user.pk:
        raise PermissionDenied(_("Only the document's owner can delete it."))
    storage, name = document.file.storage, document.file.name
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def credential_document_review(*, document, decision, by_user, reason=""):
    """An admin verifies or rejects a document; rejecting needs a reason. Who and when are
    recorded, and the owner is emailed."""
    if not by_user.is_staff:
        raise PermissionDenied(_("Only MissionMatch administrators review documents."))
    if decision not in (ReviewStatus.VERIFIED, ReviewStatus.REJECTED):
        raise ValidationError({"decision": _("Verify or reject the document.")})
    reason = (reason or "").strip()
    if decision == ReviewStatus.REJECTED and not reason:
        raise ValidationError({"reason": _("Say why the document is rejected.")})
    locked = CredentialDocument.objects.select_for_update().select_related("physician__user").get(pk=document.pk)
    locked.review_status = decision
    locked.review_reason = reason
    locked.reviewed_by = by_user
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["review_status", "review_reason", "reviewed_by", "reviewed_at"])
    with translation.override(locked.physician.user.language):
        email_enqueue(
            to=locked.physician.user.email,
            subject=_("Your %(kind)s: %(status)s")
            % {"kind": locked.get_kind_display(), "status": locked.get_review_status_display().lower()},
            template="emails/credential_reviewed.txt",
            context={"document": locked},
        )
    return locked


def credential_download_record(*, document, user):
    """Log one download (who, when, which document) before the file is streamed."""
    return CredentialDownload.objects.create(
        document=document, document_description=str(document)[:300], downloaded_by=user
    )


def credential_expiry_reminders_send(*, today=None):
    """Remind owners of documents expiring within 60 and within 14 days, once at each mark
    (a document first seen inside 14 days gets only the 14-day reminder). Safe to run twice
    or concurrently: each reminder is claimed by a conditional update. Returns how many were
    sent. Run daily by the beat task `credentials.send_expiry_reminders` (or `manage.py send_credential_reminders`)."""
    today = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    for days in sorted(settings.CREDENTIAL_REMINDER_DAYS):
        field = f"reminded_{days}_days_at"
        due = CredentialDocument.objects.filter(
            expires_on__gte=today, expires_on__lte=today + timedelta(days=days), **{f"{field}__isnull": True}
        ).select_related("physician__user")
        for document in due:
            with transaction.atomic():
                # Marking every later mark too: after the 14-day reminder, no 60-day one.
                marks = {f"reminded_{d}_days_at": now for d in settings.CREDENTIAL_REMINDER_DAYS if d >= days}
                claimed = CredentialDocument.objects.filter(pk=document.pk, **{f"{field}__isnull": True}).update(
                    **marks
                )
                if not claimed:
                    continue
                with translation.override(document.physician.user.language):
                    email_enqueue(
                        to=document.physician.user.email,
                        subject=_("Your %(kind)s expires on %(date)s")
                        % {
                            "kind": document.get_kind_display(),
                            "date": date_format(document.expires_on, "DATE_FORMAT"),
                        },
                        template="emails/credential_expiring.txt",
                        context={"document": document, "days_left": (document.expires_on - today).days},
                    )
                sent += 1
    return sent


@transaction.atomic
def trip_document_requirements_set(*, trip, by_user, requirements):
    """Replace a trip's required documents with `requirements` ({kind: days before departure}),
    by a member of the trip's organization."""
    if not trip.organization.memberships.filter(user=by_user).exists():
        raise PermissionDenied(_("Only the organization's members can set a trip's required documents."))
    TripDocumentRequirement.objects.filter(trip=trip).exclude(kind__in=list(requirements)).delete()
    for kind, days in requirements.items():
        TripDocumentRequirement.objects.update_or_create(trip=trip, kind=kind, defaults={"days_before_departure": days})
    return list(TripDocumentRequirement.objects.filter(trip=trip))
