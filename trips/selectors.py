"""Reads of trips shared by pages, the API and matching."""

from django.db.models import Prefetch

from organizations.models import EVIDENCE_RELATIONS

from .models import Trip, TripSpecialtyNeed


def trip_list_public(*, today=None):
    """Open trips of verified organizations still taking applications, shaped so listing
    them costs a fixed number of queries (trip+organization, specialty needs, languages).
    A trip past its deadline keeps its public page but leaves the lists."""
    return Trip.objects.accepting_applications(today).with_related().order_by("start_date", "id")


def trip_countries_public(*, today=None):
    """(code, name) of the countries that have trips in the public list, by name."""
    from django_countries import countries

    codes = set(Trip.objects.accepting_applications(today).values_list("country", flat=True).distinct())
    return [(code, name) for code, name in countries if code in codes]


def trip_visible_to(*, user, trip):
    """Whether a user may see a trip page: everyone for public trips; members of the
    organization and staff always; a physician who applied keeps seeing it after it closes."""
    if trip.is_public:
        return True
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    if trip.organization.memberships.filter(user=user).exists():
        return True
    return trip.applications.filter(physician__user=user).exists()


def trip_detail(*, pk):
    """A trip with what its page shows: needs, languages and the organization's evidence
    (read three times, by the indices, the watch-outs and the physician's match)."""
    needs = TripSpecialtyNeed.objects.select_related("specialty")
    return (
        Trip.objects.select_related("organization")
        .prefetch_related(
            Prefetch("specialty_needs", queryset=needs),
            "languages",
            *(f"organization__{relation}" for relation in EVIDENCE_RELATIONS),
        )
        .get(pk=pk)
    )
