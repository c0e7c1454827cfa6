"""Reads of trips shared by pages, the API and matching."""

import math
from collections.abc import Sequence
from functools import cache

import numpy as np
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Prefetch
from django.utils import timezone
from django_countries import countries

import vocabulary
from matching.engine import rank_trips_in
from matching.engine.search import TripQuery, listed_rows, search_trip_ids
from matching.physician_reads import physician_for_matching
from matching.selectors import trip_features_current
from organizations.models import EVIDENCE_RELATIONS, Organization
from physicians.models import PhysicianProfile, Specialty
from portal.sql_names import column, table

from .cards import NeedOnCard, TripCard
from .models import Trip, TripSpecialtyNeed

# Best fit puts at most this many ranked trips first; the others follow soonest first.
BEST_FIT_LIMIT = 500
# The search's `sort` names and the store columns they order by.
SORT_COLUMNS = {"soonest": "start", "cost": "cost"}


def trip_list_public(*, today=None):
    """Open trips of verified organizations still taking applications, shaped so listing
    them costs a fixed number of queries (trip+organization, specialty needs, languages).
    A trip past its deadline keeps its public page but leaves the lists."""
    return Trip.objects.accepting_applications(today).with_related().order_by("start_date", "id")


def trip_countries_public(*, today=None, features=None):
    """(code, name) of the countries that have trips in the public list, by name. Read from
    the trip-feature store (`features` when the caller holds it), which holds the same trips
    (public, deadline not past; current to the last write): grouping every open trip by
    country on each search was one of the page's slowest queries and grows with the trips."""
    today = today or timezone.localdate()
    features = features if features is not None else trip_features_current(today=today).features
    listed = listed_rows(features, today)
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


@cache
def _trip_cards_sql():
    """The two queries of `trip_cards_by_id`, up to their id list, written once per process:
    through the ORM, making model instances of 20 trips and their needs was most of what
    the search spent once the store had chosen them. Names come from the models."""
    trip_columns = ", ".join(
        column(Trip, name)
        for name in (
            "id",
            "title",
            "place",
            "country",
            "start_date",
            "end_date",
            "application_deadline",
            "cost_usd",
            "continuity_plan",
        )
    )
    organization_columns = ", ".join(
        column(Organization, name)
        for name in ("name", "runs_year_round_facility", "has_follow_up_plan", "trains_local_staff")
    )
    trips = (
        f"SELECT {trip_columns}, {organization_columns} FROM {table(Trip)} INNER JOIN {table(Organization)} "
        f"ON {column(Organization, 'id')} = {column(Trip, 'organization')} WHERE {column(Trip, 'id')} IN "
    )
    needs = (
        f"SELECT {column(TripSpecialtyNeed, 'trip')}, {column(Specialty, 'name')}, "
        f"{column(TripSpecialtyNeed, 'places')}, {column(TripSpecialtyNeed, 'places_filled')} "
        f"FROM {table(TripSpecialtyNeed)} INNER JOIN {table(Specialty)} "
        f"ON {column(Specialty, 'id')} = {column(TripSpecialtyNeed, 'specialty')} "
        f"WHERE {column(TripSpecialtyNeed, 'trip')} IN {{ids}} ORDER BY {column(Specialty, 'name')}"
    )
    return trips + "{ids}", needs


def trip_cards_by_id(ids):
    """{trip id: its `TripCard`} for the trips `ids` that exist, in two queries."""
    if not ids:
        return {}
    trips_sql, needs_sql = _trip_cards_sql()
    placeholders = "(" + ", ".join(["%s"] * len(ids)) + ")"
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(trips_sql.format(ids=placeholders), ids)
        trips = cursor.fetchall()
        cursor.execute(needs_sql.format(ids=placeholders), ids)
        needs = {}
        for trip_id, name, places, filled in cursor.fetchall():
            needs.setdefault(trip_id, []).append(NeedOnCard(name, places - filled, places))
    return {row[0]: TripCard(*row, needs=tuple(needs.get(row[0], ()))) for row in trips}


class TripsInOrder(Sequence):
    """Trips by id in a given order, each slice read in a fixed number of queries whatever
    its length by `read` (ids -> {id: trip}; by default model instances `with_related()`,
    three queries); works with Django's Paginator and DRF pagination. `features` is the
    store the ids were chosen from."""

    def __init__(self, ids, features=None, read=None):
        self._ids, self.features, self._read = ids, features, read or _trips_with_related

    def __len__(self):
        return len(self._ids)

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0] if key >= 0 else self[len(self) + key]
        ids = self._ids[key].tolist()
        by_id = self._read(ids) if ids else {}
        return [by_id[pk] for pk in ids if pk in by_id]  # one deleted since the store's read is left out


def trip_query(filters):
    """The store's `TripQuery` for the cleaned data of a valid `TripFilter`."""
    countries = {filters["country"]} if filters.get("country") else None
    if filters.get("region"):
        in_region = vocabulary.countries_in_regions([filters["region"]])
        countries = in_region if countries is None else countries & in_region
    max_cost = filters.get("max_cost")
    if max_cost is not None:
        # Costs are whole dollars, so "at most 2999.5" is "at most 2999"; beyond int64, any cost.
        max_cost = min(math.floor(max_cost), np.iinfo(np.int64).max)
    specialty = filters.get("specialty")
    return TripQuery(
        specialty_id=specialty.pk if specialty is not None else None,
        countries=frozenset(countries) if countries is not None else None,
        starts_after=filters.get("starts_after"),
        ends_before=filters.get("ends_before"),
        language=filters.get("language") or None,
        max_cost=max_cost,
        year_round_facility=filters.get("year_round_facility"),
        follow_up_plan=filters.get("follow_up_plan"),
        trains_local_staff=filters.get("trains_local_staff"),
        order=tuple((SORT_COLUMNS[name.lstrip("-")], name.startswith("-")) for name in filters.get("sort") or ()),
    )


def _trips_with_related(ids):
    return Trip.objects.with_related().in_bulk(ids)


def trip_search(filters, *, user=None, today=None, read=None):
    """The trips the search page and the API list for the cleaned data of a valid
    `TripFilter`, chosen and ordered in the trip-feature store (the same trips, in the same
    order, as `TripFilter(...).qs` over `trip_list_public()`). Costs the store's generation
    query (the physician's two instead for best fit) and, for the slice shown, those of
    `read` (ids -> {id: trip}: model instances `with_related()` by default, or `trip_cards_by_id`)."""
    today = today or timezone.localdate()
    profile = generation = None
    if filters.get("rank") == "best_fit" and user is not None and user.is_authenticated:
        try:
            _physician, profile, generation = physician_for_matching(user=user)
        except PhysicianProfile.DoesNotExist:
            pass
    features = trip_features_current(today=today, generation=generation).features
    ranked = rank_trips_in(features, profile, today=today).trip_ids() if profile is not None else None
    ids = search_trip_ids(features, trip_query(filters), today=today, ranked_ids=ranked, ranked_limit=BEST_FIT_LIMIT)
    return TripsInOrder(ids, features, read)
