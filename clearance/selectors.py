"""The clearance to practise of accepted applications, computed from the trip's required
documents, the physician's documents, and the recorded registration and sign-off."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from applications.models import Application, ApplicationStatus
from credentials.models import CredentialDocument, TripDocumentRequirement
from credentials.selectors import required_document_rows

from .models import Clearance, RegistrationStatus

# Without required documents, the physician is expected to be cleared this long before departure.
DEFAULT_DEADLINE_DAYS = 14


@dataclass
class ClearanceState:
    application: Application
    record: Clearance
    documents: list = field(default_factory=list)  # one row per required kind
    deadline: date | None = None
    today: date | None = None

    @property
    def documents_ready(self):
        return all(row["verified"] and not row["expires_before_trip_ends"] for row in self.documents)

    @property
    def registration_approved(self):
        return self.record.registration_status == RegistrationStatus.APPROVED

    @property
    def signed_off(self):
        return self.record.signed_off_at is not None

    @property
    def cleared(self):
        return self.documents_ready and self.registration_approved and self.signed_off

    @property
    def missing(self):
        """What is still missing, as codes with parameters the edge renders."""
        codes = []
        for row in self.documents:
            kind = row["requirement"].get_kind_display()
            if not row["present"]:
                codes.append(("document_missing", {"kind": kind, "due": row["due_on"]}))
            elif not row["verified"]:
                codes.append(("document_not_verified", {"kind": kind, "due": row["due_on"]}))
            elif row["expires_before_trip_ends"]:
                codes.append(("document_expires_during_trip", {"kind": kind, "due": row["due_on"]}))
        if not self.registration_approved:
            codes.append(("registration", {"status": self.record.get_registration_status_display()}))
        if not self.signed_off:
            codes.append(("sign_off", {}))
        return codes

    @property
    def overdue(self):
        """Not cleared by the trip's document deadline: flagged to the coordinator."""
        return not self.cleared and self.deadline is not None and self.today > self.deadline


def _deadline(trip, requirements):
    days = max((r.days_before_departure for r in requirements), default=DEFAULT_DEADLINE_DAYS)
    return trip.start_date - timedelta(days=days)


def clearance_states(*, applications, today=None):
    """ClearanceState for each accepted application given (all of one or several trips), in
    four queries whatever their number: requirements, documents, clearance records (plus the
    applications themselves if a queryset is given)."""
    today = today or timezone.localdate()
    applications = list(applications)
    trip_ids = {a.trip_id for a in applications}
    requirements = {}
    for requirement in TripDocumentRequirement.objects.filter(trip_id__in=trip_ids).order_by("kind"):
        requirements.setdefault(requirement.trip_id, []).append(requirement)
    documents = {}
    for document in CredentialDocument.objects.filter(physician_id__in={a.physician_id for a in applications}).order_by(
        "kind", "-uploaded_at", "-id"
    ):
        documents.setdefault(document.physician_id, []).append(document)
    records = {c.application_id: c for c in Clearance.objects.filter(application__in=[a.pk for a in applications])}
    states = []
    for application in applications:
        trip_requirements = requirements.get(application.trip_id, [])
        states.append(
            ClearanceState(
                application=application,
                record=records.get(application.pk) or Clearance(application=application),
                documents=required_document_rows(
                    trip=application.trip,
                    requirements=trip_requirements,
                    documents=documents.get(application.physician_id, []),
                    today=today,
                ),
                deadline=_deadline(application.trip, trip_requirements),
                today=today,
            )
        )
    return states


def clearance_for_application(*, application, today=None):
    return clearance_states(applications=[application], today=today)[0]


def accepted_applications_for_trip(*, trip):
    return Application.objects.filter(trip=trip, status=ApplicationStatus.ACCEPTED).select_related(
        "trip", "physician__user"
    )


def clearance_summary_for_trip(*, trip, today=None):
    """How many of the trip's accepted volunteers are cleared, and who is overdue."""
    states = clearance_states(applications=accepted_applications_for_trip(trip=trip), today=today)
    return {
        "accepted": len(states),
        "cleared": sum(state.cleared for state in states),
        "overdue": [state for state in states if state.overdue],
        "states": states,
    }
