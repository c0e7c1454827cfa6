"""Demo data for the trust layer, called by `manage.py seed_demo`: credential documents in
each state, a cleared and an uncleared accepted volunteer, a conversation, an answered
reference. Idempotent: it does nothing once any trip requires documents."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone
from pypdf import PdfWriter

import vocabulary
from applications.models import ApplicationStatus
from applications.services import application_create, application_decide
from conversations.services import message_post
from credentials.models import CredentialDocument, ReviewStatus, TripDocumentRequirement
from matching.engine import scope_of_practice_codes
from physicians.models import PhysicianProfile
from references.services import referees_set, reference_answer, reference_requests_send, token_hash
from trips.models import Trip, TripSpecialtyNeed
from waitlist.offers import waitlist_offers_make

from .services import clearance_registration_record, clearance_sign_off

DEMO_DOMAIN = "@demo.missionmatch.example"


def _pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _document(physician, kind, issuer, expires_on, review_status, admin, reason=""):
    data = _pdf()
    document = CredentialDocument(
        physician=physician,
        kind=kind,
        issuer=issuer,
        number=f"{kind[:3].upper()}-{physician.pk:05d}",
        issued_on=expires_on - timedelta(days=3 * 365),
        expires_on=expires_on,
        content_type="application/pdf",
        size_bytes=len(data),
        review_status=review_status,
        review_reason=reason,
        reviewed_by=admin if review_status != ReviewStatus.PENDING else None,
        reviewed_at=timezone.now() if review_status != ReviewStatus.PENDING else None,
    )
    document.file.save("demo.pdf", ContentFile(data), save=False)
    document.save()
    return document


def _placement(physician, today, taken):
    """An open trip with a place in one of the physician's specialties, within their scope."""
    for specialty_id in physician.specialty_ids():
        need = (
            TripSpecialtyNeed.objects.filter(
                # Not a trip the physician already applied to (the rest of the demo places some).
                trip__in=Trip.objects.accepting_applications(today)
                .exclude(pk__in=taken)
                .exclude(applications__physician=physician),
                specialty_id=specialty_id,
                places__gt=F("places_filled"),
            )
            .select_related("trip__organization", "specialty")
            .order_by("trip__start_date", "trip_id")
        )
        for candidate in need:
            if (
                not scope_of_practice_codes(physician, candidate.trip)
                and candidate.trip.organization.memberships.exists()
            ):
                return candidate
    return None


def trust_demo_seed(*, today, admin):
    """Two of the demo physicians get accepted placements, one cleared and one not. Returns a
    line for seed_demo's summary, or "" when the demo already exists or nothing fits."""
    if TripDocumentRequirement.objects.exists():
        return ""
    placements = []
    # Physicians the rest of the demo has not placed yet: each demo login keeps one accepted trip.
    unplaced = PhysicianProfile.objects.filter(user__username__endswith=DEMO_DOMAIN).exclude(
        applications__status=ApplicationStatus.ACCEPTED
    )
    for physician in unplaced.order_by("user__username"):
        need = _placement(physician, today, taken=[n.trip_id for _p, n in placements])
        if need is not None:
            placements.append((physician, need))
        if len(placements) == 3:
            break
    if len(placements) < 3:
        return ""
    for _physician, need in placements[:2]:
        for kind, days in (
            (vocabulary.MEDICAL_LICENCE, 45),
            (vocabulary.PASSPORT, 30),
            (vocabulary.EVACUATION_COVER, 21),
        ):
            TripDocumentRequirement.objects.get_or_create(
                trip=need.trip, kind=kind, defaults={"days_before_departure": days}
            )
    (cleared, cleared_need), (uncleared, uncleared_need), (waiting, waiting_need) = placements
    far = today + timedelta(days=900)
    _document(cleared, vocabulary.MEDICAL_LICENCE, "Medical Board of California", far, ReviewStatus.VERIFIED, admin)
    _document(cleared, vocabulary.PASSPORT, "U.S. Department of State", far, ReviewStatus.VERIFIED, admin)
    _document(cleared, vocabulary.EVACUATION_COVER, "Global Rescue", far, ReviewStatus.VERIFIED, admin)
    _document(uncleared, vocabulary.MEDICAL_LICENCE, "Texas Medical Board", far, ReviewStatus.PENDING, admin)
    _document(
        uncleared,
        vocabulary.PASSPORT,
        "U.S. Department of State",
        far,
        ReviewStatus.REJECTED,
        admin,
        reason="The photo page is cut off; please upload the whole page.",
    )
    _document(uncleared, vocabulary.CV, "Self", today - timedelta(days=10), ReviewStatus.VERIFIED, admin)  # expired
    applications, coordinators = {}, {}
    for physician, need in placements[:2]:
        coordinator = need.trip.organization.memberships.select_related("user").order_by("id").first().user
        application = application_create(physician=physician, trip=need.trip, specialty=need.specialty, today=today)
        application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=coordinator)
        applications[physician.pk], coordinators[physician.pk] = application, coordinator
    application, coordinator = applications[cleared.pk], coordinators[cleared.pk]
    clearance_registration_record(
        application=application,
        by_user=coordinator,
        status="approved",
        reference="REG-2026-0417",
        submitted_on=today - timedelta(days=20),
        decided_on=today - timedelta(days=3),
    )
    clearance_sign_off(application=application, by_user=coordinator)
    clearance_registration_record(
        application=applications[uncleared.pk],
        by_user=coordinators[uncleared.pk],
        status="submitted",
        reference="REG-2026-0502",
        submitted_on=today - timedelta(days=2),
    )
    message_post(
        application=application, author=cleared.user, body="Hello! Is there anything I should bring for the clinic?"
    )
    message_post(
        application=application,
        author=coordinator,
        body="Welcome! Our packing list and orientation notes: https://example.org/orientation",
    )
    referees_set(
        physician=cleared,
        referees=[
            {"name": "Dr. Helen Park", "email": "helen.park@example.org", "relationship": "head of department"},
            {"name": "Dr. Kwame Mensah", "email": "kwame.mensah@example.org", "relationship": "colleague"},
        ],
    )
    requests = reference_requests_send(application=application, by_user=coordinator)
    # The demo answers the first referee's request as if its link had been used.
    first = requests[0]
    first.token_hash = token_hash("demo-answered-reference")
    first.save(update_fields=["token_hash"])
    reference_answer(
        token="demo-answered-reference",
        answers={
            "known_for_years": 8,
            "recommendation": "strongly",
            "clinical_competence": "An excellent clinician who teaches as she works.",
            "teamwork_and_conduct": "Calm, kind and respectful with every member of the team.",
        },
    )
    # A waitlisted physician offered a place that is free on their trip.
    waiting_coordinator = waiting_need.trip.organization.memberships.select_related("user").order_by("id").first().user
    waitlisted = application_create(
        physician=waiting, trip=waiting_need.trip, specialty=waiting_need.specialty, today=today
    )
    application_decide(application=waitlisted, decision=ApplicationStatus.WAITLISTED, decided_by=waiting_coordinator)
    waitlist_offers_make(trip_id=waiting_need.trip_id, specialty_id=waiting_need.specialty_id)
    return (
        f"Trust layer: {cleared.user.email} is cleared for {cleared_need.trip.title}; {uncleared.user.email} is not "
        f"yet cleared for {uncleared_need.trip.title} (documents pending, rejected and expired); a conversation "
        f"and an answered reference; {waiting.user.email} has a waitlist offer for {waiting_need.trip.title}."
    )
