"""Reads for applications, and the outcome figures that reviews and reports feed."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .models import ACTIVE_APPLICATION_STATUSES, Application, PostTripReport, Review


def applications_for_physician(*, physician):
    return (
        Application.objects.filter(physician=physician)
        .select_related("trip__organization", "specialty")
        .order_by("-created_at", "-id")
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
    from django.db.models import F

    from physicians.models import Specialty

    return Specialty.objects.filter(
        pk__in=physician.specialty_ids(), trip_needs__trip=trip, trip_needs__places_filled__lt=F("trip_needs__places")
    )


def active_application(*, physician, trip):
    return Application.objects.filter(physician=physician, trip=trip, status__in=ACTIVE_APPLICATION_STATUSES).first()


def _count(queryset):
    return Coalesce(
        Subquery(queryset.order_by().values("organization").annotate(n=Count("id")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def outcome_annotations(organization_ref="organization"):
    """Counts from volunteers' reviews and post-trip reports, as subqueries on any query
    with an organization reference (a trip's "organization", an organization's "pk")."""
    reviews = Review.objects.filter(organization=OuterRef(organization_ref))
    reports = PostTripReport.objects.filter(organization=OuterRef(organization_ref))
    return {
        "reviews_total": _count(reviews),
        "reviews_follow_up": _count(reviews.filter(follow_up_happened=True)),
        "reviews_staff": _count(reviews.filter(local_staff_involved=True)),
        "reports_total": _count(reports),
        "reports_follow_up": _count(reports.filter(follow_ups_handed_to_local_staff__gt=0)),
        "reports_staff": _count(reports.filter(local_staff_trained__gt=0)),
    }


OUTCOME_COLUMNS = (
    "reviews_total", "reviews_follow_up", "reviews_staff", "reports_total", "reports_follow_up", "reports_staff",
)


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
    return PostTripReport.objects.filter(organization=organization).select_related("trip").order_by("-created_at", "-id")
