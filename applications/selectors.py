"""Reads for applications, and the outcome figures that reviews and reports feed."""

from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from physicians.models import Specialty
from trips.models import Trip

from .models import (
    ACTIVE_APPLICATION_STATUSES,
    Application,
    ApplicationDecision,
    ApplicationStatus,
    InvitationStatus,
    PostTripReport,
    Review,
    TripInvitation,
)

# The decisions an organization makes; its note on the latest one is shown to the physician.
ORGANIZATION_DECISIONS = (ApplicationStatus.ACCEPTED, ApplicationStatus.DECLINED, ApplicationStatus.WAITLISTED)


def applications_for_physician(*, physician):
    """The physician's applications, each with `decision_note`: the organization's note on its latest decision."""
    latest_note = (
        ApplicationDecision.objects.filter(application=OuterRef("pk"), to_status__in=ORGANIZATION_DECISIONS)
        .order_by("-decided_at", "-id")
        .values("note")[:1]
    )
    return (
        Application.objects.filter(physician=physician)
        .select_related("trip__organization", "specialty")
        .annotate(decision_note=Subquery(latest_note))
        .order_by("-created_at", "-id")
    )


def invitations_open_for_physician(*, physician, today=None):
    """Invitations the physician has not answered, to trips that still take applications."""
    open_trips = Trip.objects.accepting_applications(today).values("pk")
    return (
        TripInvitation.objects.filter(physician=physician, status=InvitationStatus.PENDING, trip__in=open_trips)
        .select_related("trip__organization")
        .order_by("trip__application_deadline", "id")
    )


def applications_for_trip(*, trip):
    """The inbox: applicants' working details, never their licence numbers."""
    return (
        Application.objects.filter(trip=trip)
        .select_related("physician__primary_specialty", "specialty")
        .prefetch_related("physician__languages", "physician__other_specialties")
        .defer("physician__licence_number", "physician__licence_jurisdiction")
        .order_by("status", "created_at", "id")
    )


def apply_specialties(*, physician, trip):
    """The physician's specialties this trip still has places for."""
    return Specialty.objects.filter(
        pk__in=physician.specialty_ids(), trip_needs__trip=trip, trip_needs__places_filled__lt=F("trip_needs__places")
    )


def active_application(*, physician, trip):
    return Application.objects.filter(physician=physician, trip=trip, status__in=ACTIVE_APPLICATION_STATUSES).first()


def combined_rates(*, reviews, reports, host_feedback):
    """(follow-up confirmed rate, local-staff rate, number of accounts) over every source.

    Each argument is (total, follow-up confirmations, local-staff confirmations)."""
    total = reviews[0] + reports[0] + host_feedback[0]
    if not total:
        return None, None, 0
    follow_up = (reviews[1] + reports[1] + host_feedback[1]) / total
    staff = (reviews[2] + reports[2] + host_feedback[2]) / total
    return follow_up, staff, total


def organization_reviews_public(*, organization):
    """Volunteers' reviews of an organization, newest first, as its page lists them; who wrote
    them is never part of it."""
    return Review.objects.filter(organization=organization).order_by("-created_at", "-id")


def organization_reports_public(*, organization):
    """The organization's post-trip reports, newest first, as its page lists them."""
    return (
        PostTripReport.objects.filter(organization=organization).select_related("trip").order_by("-created_at", "-id")
    )


def invitations_sent_today(*, trip, now=None):
    """How many invitations to apply to the trip its organization has sent today (local time)."""
    return invitations_since(trip_id=trip.pk, start=invitation_day_start(now)).count()


def invitation_day_start(now=None):
    """The start of the day (local time) from which the daily limit of invitations counts."""
    return timezone.localtime(now or timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)


def invitations_since(*, trip_id, start):
    """The invitations to apply to the trip sent from `start` on."""
    return TripInvitation.objects.filter(trip_id=trip_id, created_at__gte=start)
