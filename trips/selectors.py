"""Reads of trips shared by pages, the API and matching."""

import numpy as np
from django.db.models import Prefetch
from django.utils import timezone
from django_countries import countries

from matching.selectors import trip_features_current
from organizations.models import EVIDENCE_RELATIONS

from .models import Trip, TripSpecialtyNeed


def trip_list_public(*, today=None):
    """Open trips of verified organizations still taking applications, shaped so listing
    them costs a fixed number of queries (trip+organization, specialty needs, languages).
    A trip past its deadline keeps its public page but leaves the lists."""
    return Trip.objects.accepting_applications(today).with_related().order_by("start_date", "id")


def trip_countries_public(*, today=None):
    """(code, name) of the countries that have trips in the public list, by name. Read from
    the trip-feature store, which holds the same trips (public, deadline not past; current
    to the last write): grouping every open trip by country on each search was one of the
    page's slowest queries and grows with the trips."""
    today = today or timezone.localdate()
    features = trip_features_current(today=today).features
    listed = features.is_open & features.verified & (features.deadline >= today.toordinal())
    codes = {features.country_codes[index] for index in np.unique(features.country[listed]).tolist()}
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
