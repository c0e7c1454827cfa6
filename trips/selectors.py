"""Reads of trips shared by pages, the API and matching."""

from django.db.models import Count, Prefetch
from django_countries import countries

from organizations.models import EVIDENCE_RELATIONS

from .models import Trip, TripSpecialtyNeed


def trip_list_public(*, today=None):
    """Open trips of verified organizations still taking applications, shaped so listing
    them costs a fixed number of queries (trip+organization, specialty needs, languages).
    A trip past its deadline keeps its public page but leaves the lists."""
    return Trip.objects.accepting_applications(today).with_related().order_by("start_date", "id")


def trip_countries_public(*, today=None):
    """(code, name) of the countries that have trips in the public list, by name."""
    # Grouped by the one column (the search page asserts that none of its queries uses DISTINCT).
    grouped = Trip.objects.accepting_applications(today).order_by().values("country").annotate(trips=Count("pk"))
    codes = {row["country"] for row in grouped}
    return [(code, name) for code, name in countries if code in codes]


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
