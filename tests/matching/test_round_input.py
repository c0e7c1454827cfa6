"""The round as admins run it reads its input from plain rows and subqueries: the same
engine order as from model instances, the same assignments, and a query count that does
not grow with the round."""

import dataclasses
import gc
from datetime import date, timedelta

import numpy as np
import pytest
from django.db import connection
from django.db.models import Count, F, Min, Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import vocabulary
from matching import trip_offer_reads
from matching.cursor_reads import DayOrdinal, IdArray, Prepared, among, id_columns
from matching.engine import RoundInput, rank_volunteers_lazily, run_round
from matching.models import CoupleLink, MatchAssignment, MatchPreference, MatchRound, TripApplicantRanking
from matching.physician_reads import physician_rows_among
from matching.round_reads import _primary_first, _row_specialties, _specialty_columns, round_columns
from matching.selectors import (
    _trips_shaped,
    engine_order_of_applicants,
    trip_offer,
    volunteer_profile,
)
from matching.services import match_preferences_set, match_round_run, trip_ranking_set
from matching.trip_offer_reads import refreshed_trip_offers, trip_offer_of, trip_offers_from_rows
from physicians.models import AvailabilityWindow, PhysicianProfile
from physicians.specialties import common_specialty
from tests.factories import PhysicianProfileFactory, TripFactory
from trips.models import Trip, TripSpecialtyNeed, TripStatus

pytestmark = pytest.mark.django_db

PHYSICIANS = [
    {"motivations": {vocabulary.TEACHING: 3, vocabulary.CONTINUITY: 2}, "languages": {"es": 3}},
    {"motivations": {vocabulary.ADVENTURE: 3, vocabulary.GROWTH: 2}, "languages": {"es": 1}},
    {"motivations": {vocabulary.FAITH: 3}, "languages": {"fr": 2}, "preferred_countries": ["NI"]},
    {"motivations": {}, "languages": {}, "preferred_regions": ["central_america"]},
    {"motivations": {vocabulary.UNDERSERVED: 1, vocabulary.IMMERSION: 3}, "training_level": vocabulary.RESIDENT},
    {"motivations": {vocabulary.TEACHING: 2}, "licence_status": vocabulary.LICENCE_INACTIVE},
    {"motivations": {vocabulary.TEACHING: 3, vocabulary.CONTINUITY: 2}, "languages": {"es": 3}},  # ties the first
]


def a_round(organizations, extra=0):
    """Trips of three organizations with different evidence; physicians of different
    motivations, languages, training and licences who rank all of them."""
    strong, weak, visitors = organizations
    today = timezone.localdate()
    trips = [
        TripFactory(open=True, organization=strong, languages=["es"], needs={"family-medicine": 2, "pediatrics": 1}),
        TripFactory(open=True, organization=strong, languages=["fr"], continuity_plan="Clinic follow-up"),
        TripFactory(open=True, organization=weak, supervision_provided=True, country="HT"),
        TripFactory(open=True, organization=weak, languages=["es", "qu"], needs={"family-medicine": 1}),
        TripFactory(open=True, organization=visitors, languages=["es"], supervision_provided=True),
    ]
    people = [PhysicianProfileFactory(**fields) for fields in PHYSICIANS * (1 + extra)]
    people[1].other_specialties.add(common_specialty("pediatrics"))
    # Covers part of the trips only.
    AvailabilityWindow.objects.filter(physician=people[2]).update(end_date=today + timedelta(days=65))
    match_round = MatchRound.objects.create(name="Spring")
    for person in people:
        person = PhysicianProfile.objects.get(pk=person.pk)
        allowed = [t.pk for t in trips if person.training_level != vocabulary.RESIDENT or t.supervision_provided]
        if person.licence_status != vocabulary.LICENCE_ACTIVE:
            allowed = [t.pk for t in trips if t.supervision_provided]
        match_preferences_set(match_round=match_round, physician=person, trip_ids=allowed)
    return match_round, trips, people


def engine_order_from_model_instances(match_round, trip_ids, today):
    """The round's engine order as it was computed before it read plain rows: model
    instances shaped with prefetches, and `rank_volunteers_lazily` trip by trip."""
    applicants = {}
    for trip_id, physician_id in MatchPreference.objects.filter(
        match_round=match_round, trip_id__in=trip_ids
    ).values_list("trip_id", "physician_id"):
        applicants.setdefault(trip_id, set()).add(physician_id)
    volunteers = {
        p.pk: volunteer_profile(p)
        for p in PhysicianProfile.objects.filter(pk__in=set().union(*applicants.values())).with_related()
    }
    return {
        trip.pk: rank_volunteers_lazily(
            trip_offer(trip), [volunteers[p] for p in sorted(applicants[trip.pk])], today=today
        ).volunteer_ids()
        for trip in _trips_shaped(Trip.objects.filter(pk__in=list(applicants)))
    }


def test_engine_order_from_rows_equals_the_order_from_model_instances(organizations):  # noqa: F811
    match_round, trips, people = a_round(organizations)
    today = timezone.localdate()
    trip_ids = {t.pk for t in trips}
    order = engine_order_of_applicants(match_round=match_round, trip_ids=trip_ids, today=today)
    assert order == engine_order_from_model_instances(match_round, trip_ids, today)
    assert list(order) == [t.pk for t in Trip.objects.filter(pk__in=trip_ids)]  # same order of trips too
    # Not a trivial order: some physicians are excluded, scores reorder the rest, and the
    # two identical profiles tie, the lower id first.
    assert any(len(ids) < len(people) for ids in order.values())
    assert any(ids != sorted(ids) for ids in order.values())
    first = order[trips[0].pk]
    assert first.index(people[0].pk) + 1 == first.index(people[6].pk)
    # With the applicants a minority of physicians, only theirs are read (otherwise everyone's).
    PhysicianProfileFactory.create_batch(len(people) + 1)
    assert engine_order_of_applicants(match_round=match_round, trip_ids=trip_ids, today=today) == order


def test_offers_from_rows_equal_those_from_model_instances_but_for_later_partners(organizations):  # noqa: F811
    _match_round, trips, _people = a_round(organizations)
    queryset = Trip.objects.filter(pk__in=[t.pk for t in trips])
    from_instances = [trip_offer(t) for t in _trips_shaped(queryset)]
    expected = [
        dataclasses.replace(
            offer,
            organization=dataclasses.replace(
                offer.organization, local_partner_names=offer.organization.local_partner_names[:1]
            ),
        )
        for offer in from_instances
    ]
    assert trip_offers_from_rows(queryset) == expected
    assert len(from_instances[0].organization.local_partner_names) == 2  # the case the exception is about


def test_the_prepared_reads_give_the_offers_the_queryset_gives(organizations, monkeypatch):  # noqa: F811
    _match_round, trips, _people = a_round(organizations)
    for trip in trips:
        assert trip_offer_of(trip.pk) == trip_offers_from_rows(Trip.objects.filter(pk=trip.pk))[0]
    assert trip_offer_of(max(t.pk for t in trips) + 1000) is None
    today = timezone.localdate()
    closed = trips[1]
    Trip.objects.filter(pk=closed.pk).update(status=TripStatus.CLOSED)
    organization = trips[0].organization_id
    open_trips = Trip.objects.public().filter(application_deadline__gte=today).order_by("id")
    for trip_ids, organization_ids in (([trips[0].pk], []), ([closed.pk, trips[2].pk], []), ([], [organization])):
        refreshed = refreshed_trip_offers(trip_ids=trip_ids, organization_ids=organization_ids, today=today)
        expected = trip_offers_from_rows(
            open_trips.filter(Q(pk__in=trip_ids) | Q(organization_id__in=organization_ids))
        )
        assert refreshed == expected and expected
        assert closed.pk not in {offer.id for offer in refreshed}
    # The day is the statement's too: a day past every deadline reads none.
    assert refreshed_trip_offers(trip_ids=[trips[0].pk], organization_ids=[], today=date(2999, 1, 1)) == []
    # Past the prepared sizes, the ORM reads the same.
    ids = [t.pk for t in trips]
    prepared = refreshed_trip_offers(trip_ids=ids, organization_ids=[], today=today)
    monkeypatch.setattr(trip_offer_reads, "IDS_PREPARED", 1)
    assert refreshed_trip_offers(trip_ids=ids, organization_ids=[], today=today) == prepared
    assert len(prepared) == len(trips) - 1


def test_a_stand_in_must_be_a_parameter_of_the_prepared_statement(db):
    Prepared(Trip.objects.filter(pk=-5), trip=-5)
    with pytest.raises(RuntimeError):
        Prepared(Trip.objects.filter(pk=-5), trip=-6)


def test_the_rounds_queries_do_not_grow_with_the_round(organizations, django_assert_num_queries):  # noqa: F811

    match_round, trips, _people = a_round(organizations)
    trip_ranking_set(match_round=match_round, trip=trips[0], physician_ids=[])
    with CaptureQueriesContext(connection) as baseline:
        match_round_run(match_round=match_round)
    bigger, more_trips, more_people = a_round(organizations, extra=3)
    ranked = list(
        MatchPreference.objects.filter(match_round=bigger, trip=more_trips[1]).values_list("physician_id", flat=True)
    )
    trip_ranking_set(match_round=bigger, trip=more_trips[1], physician_ids=sorted(ranked, reverse=True))
    with django_assert_num_queries(len(baseline.captured_queries)):
        match_round_run(match_round=bigger)
    assert (
        MatchAssignment.objects.filter(match_round=bigger).count()
        > MatchAssignment.objects.filter(match_round=match_round).count()
    )


def test_assignments_keep_the_rank_the_physician_gave_the_trip(organizations):  # noqa: F811
    match_round, _trips, _people = a_round(organizations)
    result = match_round_run(match_round=match_round)
    stored = {
        physician_id: (trip_id, specialty_id, rank)
        for physician_id, trip_id, specialty_id, rank in MatchAssignment.objects.filter(
            match_round=match_round
        ).values_list("physician_id", "trip_id", "specialty_id", "preference_rank")
    }
    ranks = dict(
        ((p, t), r)
        for p, t, r in MatchPreference.objects.filter(match_round=match_round).values_list(
            "physician_id", "trip_id", "rank"
        )
    )
    assert stored == {p: (t, s, ranks[(p, t)]) for p, (t, s) in result.assignments.items()}
    assert {rank for _t, _s, rank in stored.values()} != {1}  # not everyone got their first choice


def test_the_round_leaves_the_garbage_collector_as_it_found_it(setting):
    match_round = setting[0]
    match_round_run(match_round=match_round)
    assert gc.isenabled()
    gc.disable()
    try:
        match_round_run(match_round=match_round)
        assert not gc.isenabled()
    finally:
        gc.enable()


def round_input_from_querysets(match_round, today):
    """The round's input as it was read before the columns: values_list querysets into dicts
    of tuples, with the engine's order for trips whose organization did not rank."""
    preferences = {}
    for physician_id, trip_id in (
        MatchPreference.objects.filter(match_round=match_round)
        .order_by("physician_id", "rank")
        .values_list("physician_id", "trip_id")
    ):
        preferences.setdefault(physician_id, []).append(trip_id)
    specialties = {}
    for pk, primary in PhysicianProfile.objects.filter(pk__in=list(preferences)).values_list(
        "pk", "primary_specialty_id"
    ):
        specialties[pk] = [primary] if primary else []
    for pk, specialty_id in (
        PhysicianProfile.other_specialties.through.objects.filter(physicianprofile_id__in=list(preferences))
        .order_by("physicianprofile_id", "specialty_id")
        .values_list("physicianprofile_id", "specialty_id")
    ):
        if specialty_id not in specialties[pk]:
            specialties[pk].append(specialty_id)
    trips = {t for ts in preferences.values() for t in ts}
    capacities = {
        (trip_id, specialty_id): places - filled
        for trip_id, specialty_id, places, filled in TripSpecialtyNeed.objects.filter(
            trip__in=Trip.objects.accepting_applications(today).filter(pk__in=trips)
        ).values_list("trip_id", "specialty_id", "places", "places_filled")
        if places > filled
    }
    rankings = {}
    for trip_id, physician_id in (
        TripApplicantRanking.objects.filter(match_round=match_round)
        .order_by("trip_id", "rank")
        .values_list("trip_id", "physician_id")
    ):
        rankings.setdefault(trip_id, []).append(physician_id)
    unranked = {t for t in trips if t not in rankings}
    rankings.update(engine_order_from_model_instances(match_round, unranked, today))
    couples = tuple(
        sorted(
            (a, b)
            for a, b in CoupleLink.objects.filter(confirmed=True).values_list("physician_id", "partner_id")
            if a in preferences and b in preferences
        )
    )
    return RoundInput(
        physician_preferences={p: tuple(t) for p, t in preferences.items()},
        physician_specialties={p: tuple(s) for p, s in specialties.items()},
        trip_rankings={t: tuple(p) for t, p in rankings.items() if p},
        capacities=capacities,
        couples=couples,
    )


def test_the_rounds_columns_hold_what_the_querysets_read(organizations):  # noqa: F811
    """The raw-cursor columns are the same input as values_list querysets and model
    instances give: preferences in rank order, specialties primary first, the places still
    open, the organizations' rankings and the engine's order of the rest, the couples."""
    match_round, trips, people = a_round(organizations, extra=1)
    today = timezone.localdate()
    people[3].other_specialties.add(common_specialty("pediatrics"), people[3].primary_specialty)
    TripSpecialtyNeed.objects.filter(trip=trips[0]).update(places_filled=1)
    TripSpecialtyNeed.objects.filter(trip=trips[3]).update(places_filled=F("places"))
    applicants = list(
        MatchPreference.objects.filter(match_round=match_round, trip=trips[1]).values_list("physician_id", flat=True)
    )
    trip_ranking_set(match_round=match_round, trip=trips[1], physician_ids=sorted(applicants, reverse=True)[:4])
    CoupleLink.objects.create(physician=people[0], partner=people[1], confirmed=True)
    CoupleLink.objects.create(physician=people[2], partner=people[4], confirmed=False)

    columns = round_columns(match_round, today)
    expected = round_input_from_querysets(match_round, today)
    got = columns.as_input()
    assert got.physician_preferences == expected.physician_preferences
    assert got.physician_specialties == {p: s for p, s in expected.physician_specialties.items() if s}
    assert {k: v for k, v in got.capacities.items() if v > 0} == expected.capacities
    assert got.trip_rankings == expected.trip_rankings
    assert got.couples == expected.couples == ((people[0].pk, people[1].pk),)
    assert columns.places == sum(expected.capacities.values())
    # Not trivially equal: a ranked and an engine-ordered trip, a full one, a repeated primary.
    assert expected.trip_rankings[trips[1].pk] == tuple(sorted(applicants, reverse=True)[:4])
    assert (trips[3].pk, people[0].primary_specialty_id) not in expected.capacities
    assert len(expected.physician_specialties[people[3].pk]) == 2
    assert run_round(columns) == run_round(expected)


def test_id_columns_read_what_values_list_reads(organizations):  # noqa: F811
    match_round, _trips, _people = a_round(organizations)
    queryset = MatchPreference.objects.filter(match_round=match_round).values_list("physician_id", "trip_id", "rank")
    columns = id_columns(queryset)
    assert sorted(zip(*(c.tolist() for c in columns), strict=True)) == sorted(queryset)
    assert all(c.dtype == np.int64 for c in columns) and len(columns[0]) == queryset.count() > 0
    assert [len(c) for c in id_columns(queryset.filter(rank__gt=99))] == [0, 0, 0]


def test_among_an_id_array_selects_what_in_selects(organizations):  # noqa: F811
    # One text parameter: an array tested with = ANY on PostgreSQL, JSON read by json_each on SQLite.
    match_round, _trips, people = a_round(organizations)
    wanted = np.array([people[0].pk, people[3].pk, people[3].pk, people[5].pk], dtype=np.int64)
    chosen = IdArray(wanted)
    expected = set(wanted.tolist())
    assert set(among(PhysicianProfile.objects.all(), "pk", chosen).values_list("pk", flat=True)) == expected
    windows = AvailabilityWindow.objects.all()
    assert set(among(windows, "physician_id", chosen).values_list("pk", flat=True)) == set(
        windows.filter(physician_id__in=expected).values_list("pk", flat=True)
    )
    # Inside another query's subquery the column is named by the subquery's alias.
    in_subquery = PhysicianProfile.objects.filter(pk__in=among(windows, "physician_id", chosen).values("physician_id"))
    assert set(in_subquery.values_list("pk", flat=True)) == expected
    assert among(windows, "physician_id", [people[1].pk]).count() == windows.filter(physician=people[1]).count() > 0
    assert not among(PhysicianProfile.objects.all(), "pk", IdArray([])).exists()


def test_id_columns_read_annotated_columns(organizations):  # noqa: F811
    # The packed motivations are a grouped annotation: the columns line up with values_list's.
    match_round, _trips, _people = a_round(organizations)
    queryset = (
        MatchPreference.objects.filter(match_round=match_round)
        .values("physician_id")
        .annotate(listed=Count("pk"), best=Min("rank"))
        .values_list("physician_id", "listed", "best")
    )
    assert sorted(zip(*(c.tolist() for c in id_columns(queryset)), strict=True)) == sorted(queryset)


@pytest.mark.django_db
def test_day_ordinals_are_date_toordinal():
    # Leap days, the turn of a century and the epochs of both databases' own date arithmetic.
    days = [date(2000, 2, 29), date(1999, 12, 31), date(2027, 1, 1), date(1970, 1, 1), date(2100, 3, 1)]
    owner = PhysicianProfileFactory()
    for day in days:
        AvailabilityWindow.objects.create(physician=owner, start_date=day, end_date=day + timedelta(days=1))
    windows = AvailabilityWindow.objects.filter(physician=owner, start_date__in=days).annotate(
        first_day=DayOrdinal("start_date"), last_day=DayOrdinal("end_date")
    )
    _owners, first, last = id_columns(windows.values_list("physician_id", "first_day", "last_day"))
    assert sorted(first.tolist()) == sorted(day.toordinal() for day in days)
    assert sorted(last.tolist()) == sorted(day.toordinal() + 1 for day in days)


def test_specialties_from_the_physician_rows_equal_those_read_alone(organizations):  # noqa: F811
    # The round takes them from the rows the engine reads, which may hold other physicians too.
    _match_round, _trips, people = a_round(organizations)
    PhysicianProfileFactory.create_batch(2)
    physicians = np.array(sorted(p.pk for p in people), dtype=np.int64)
    alone = _specialty_columns(IdArray(physicians))
    from_rows = _primary_first(*_row_specialties(physician_rows_among(physicians), physicians))
    assert [c.tolist() for c in from_rows] == [c.tolist() for c in alone]
    assert set(alone[0].tolist()) == set(physicians.tolist()) and len(alone[0]) > len(physicians)
