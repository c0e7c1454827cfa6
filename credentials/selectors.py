"""Reads of credential documents shared by the pages, the API and the permission rules."""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from applications.models import ACTIVE_APPLICATION_STATUSES, Application

from .models import CredentialDocument, TripDocumentRequirement

# An organization keeps access to an applicant's documents until this long after the trip ends.
SHARING_DAYS_AFTER_TRIP = 30


def applications_sharing_documents(*, today=None):
    """Applications whose organization may read the applicant's required documents: active
    (submitted, waitlisted or accepted) and not more than 30 days past the trip's end."""
    today = today or timezone.localdate()
    return Application.objects.filter(
        status__in=ACTIVE_APPLICATION_STATUSES,
        trip__end_date__gte=today - timedelta(days=SHARING_DAYS_AFTER_TRIP),
    )


def credential_documents_for_physician(*, physician):
    """The physician's own documents, newest first within each kind."""
    return CredentialDocument.objects.for_physician(physician).select_related("reviewed_by")


def credential_documents_shared_with_member(*, user, today=None):
    """Documents a member of an organization may download: those of a kind a trip of theirs
    requires, from a physician whose application to that trip is still sharing."""
    sharing = applications_sharing_documents(today=today).filter(
        physician=OuterRef("physician"),
        trip__organization__memberships__user=user,
        trip__document_requirements__kind=OuterRef("kind"),
    )
    return CredentialDocument.objects.filter(Exists(sharing))


def document_requirements_for_trip(*, trip):
    return TripDocumentRequirement.objects.filter(trip=trip).order_by("kind")


def required_document_rows(*, trip, requirements, documents, today):
    """For each requirement of the trip: the physician's documents of that kind (as given,
    newest first), when it is due, and whether one is verified and valid until the trip ends."""
    rows = []
    for requirement in requirements:
        kind_documents = [d for d in documents if d.kind == requirement.kind]
        verified = [d for d in kind_documents if d.is_verified(today)]
        rows.append(
            {
                "requirement": requirement,
                "due_on": trip.start_date - timedelta(days=requirement.days_before_departure),
                "documents": kind_documents,
                "present": bool(kind_documents),
                "verified": bool(verified),
                "expires_before_trip_ends": bool(verified)
                and all(d.expires_on is not None and d.expires_on < trip.end_date for d in verified),
            }
        )
    return rows


def application_documents(*, application, today=None):
    """The required-document rows of one application (see required_document_rows), in two queries."""
    requirements = list(document_requirements_for_trip(trip=application.trip))
    documents = CredentialDocument.objects.filter(
        physician_id=application.physician_id, kind__in=[r.kind for r in requirements]
    ).order_by("kind", "-uploaded_at", "-id")
    return required_document_rows(
        trip=application.trip, requirements=requirements, documents=list(documents), today=today or timezone.localdate()
    )
