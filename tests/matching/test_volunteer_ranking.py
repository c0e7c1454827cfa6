"""The vectorised trip side against the scalar reference (tests/matching/oracle.py): for
random physician stores and trips, the same eligible physicians, the same scores to 1e-9,
the same explanations, and the same order (shown total, then physician id); and a round's
applicants of many trips ordered in one pass as each trip alone orders them."""

from dataclasses import FrozenInstanceError, replace
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vocabulary
from matching.engine import (
    DateWindow,
    LanguageSkill,
    PhysicianRows,
    VolunteerFeatures,
    rank_applicants_of_trips,
    rank_volunteers_in,
)
from matching.engine.features import TripFeatures
from matching.engine.scores import shown_total
from matching.engine.volunteer_features import TripsAgainst
from matching.engine.volunteer_one_trip import one_trip_eligible, one_trip_factor_scores
from matching.engine.volunteer_scores import pair_eligible, pair_factor_scores
from tests.hypothesis_profiles import examples
from tests.matching import builders
from tests.matching.builders import TODAY
from tests.matching.oracle import oracle_volunteer_assessments, oracle_volunteer_matches, raw_total
from tests.matching.test_round_ordering import offers, volunteers

people = st.lists(st.integers(1, 10**6), max_size=20, unique=True).flatmap(
    lambda ids: st.tuples(*(volunteers(pk) for pk in ids))
)


def assert_same_ranking(offer, people, *, today, excluded=()):
    store = VolunteerFeatures.from_profiles(people)
    ranked = rank_volunteers_in(store, offer, today=today, excluded_ids=excluded)
    expected = [
        pair for pair in oracle_volunteer_assessments(offer, people, today=today) if pair[0].profile.id not in excluded
    ]
    assert len(ranked) == len(expected)
    got = ranked.totals()
    assert [pk for pk, _shown, _raw in got] == [prepared.profile.id for prepared, _a in expected]
    for (_pk, shown, raw), (_prepared, assessment) in zip(got, expected, strict=True):
        assert abs(raw - raw_total(assessment)) <= 1e-9
        assert shown == assessment.total == shown_total(raw_total(assessment))
    matches = ranked[:20]
    reference = [m for m in oracle_volunteer_matches(offer, people, today=today) if m.volunteer_id not in excluded][:20]
    assert [m.volunteer_id for m in matches] == [m.volunteer_id for m in reference]
    for match, want in zip(matches, reference, strict=True):
        assert match.total == want.total
        assert match.reasons == want.reasons and match.watch_outs == want.watch_outs
        assert match.specialty_ids == want.specialty_ids and match.trip_id == want.trip_id
        for factor, reference_factor in zip(match.factors, want.factors, strict=True):
            assert (factor.key, factor.weight) == (reference_factor.key, reference_factor.weight)
            assert abs(factor.score - reference_factor.score) <= 1e-9
    return ranked


@settings(max_examples=examples(200), deadline=None)
@given(offer=offers(), people=people, days_later=st.integers(0, 20), data=st.data())
def test_vectorised_trip_side_equals_the_scalar_reference(offer, people, days_later, data):
    excluded = data.draw(st.sets(st.sampled_from([p.id for p in people]))) if people else set()
    assert_same_ranking(offer, list(people), today=TODAY + timedelta(days=days_later), excluded=excluded)


@settings(max_examples=examples(200), deadline=None)
@given(offer=offers(), people=people, days_later=st.integers(0, 20))
def test_one_trip_against_the_store_equals_the_pair_scoring(offer, people, days_later):
    """`volunteer_one_trip` (suggested volunteers) and `volunteer_scores` (a round's pairs):
    the same eligible physicians, covered days and factor scores, to the last bit."""
    today = TODAY + timedelta(days=days_later)
    store = VolunteerFeatures.from_profiles(people)
    trips = TripsAgainst.of(TripFeatures.from_offers([offer]), store)
    mask, days = pair_eligible(store, trips, np.arange(len(store)), np.zeros(len(store), dtype=np.int64), today)
    rows, covered = one_trip_eligible(store, trips, today)
    assert rows.tolist() == np.flatnonzero(mask).tolist() and covered.tolist() == days[mask].tolist()
    scores, proficiency = one_trip_factor_scores(store, trips, rows, covered)
    want, want_proficiency = pair_factor_scores(store, trips, rows, np.zeros(len(rows), dtype=np.int64), covered)
    assert np.array_equal(scores, want) and np.array_equal(proficiency, want_proficiency)


@settings(max_examples=examples(100), deadline=None)
@given(store=st.lists(offers(), min_size=1, max_size=6), people=people)
def test_a_rounds_applicants_of_many_trips_are_ordered_as_each_trip_alone(store, people):
    store = [replace(offer, id=pk) for pk, offer in enumerate(store, start=1)]
    people = list(people)
    # Each trip's applicants: a different slice of the people, so pairs cross.
    pairs = [(offer, people[i % 3 :: 1 + i % 2]) for i, offer in enumerate(store)]
    order = rank_applicants_of_trips(pairs, today=TODAY)
    for offer, applicants in pairs:
        assert order[offer.id] == [
            prepared.profile.id for prepared, _a in oracle_volunteer_assessments(offer, applicants, today=TODAY)
        ]


def test_ties_and_every_factor_keep_the_scalar_order():
    """Hand-picked physicians that hit each branch (secondary specialty, basic language,
    region, country, partial dates, leaning on adventure, no motivations, a trainee) and
    equal totals, ordered by id."""
    offer = builders.trip(country="NI", open_places=((builders.PEDIATRICS, 2), (builders.SURGERY, 1)))
    people = [
        builders.volunteer(id=9),
        builders.volunteer(id=3),  # the same as 9: a tie, ordered by id
        builders.volunteer(id=4, primary_specialty_id=builders.SURGERY, specialty_ids=frozenset({1, 2})),
        builders.volunteer(id=5, specialty_ids=frozenset({builders.SURGERY}), primary_specialty_id=builders.FAMILY),
        builders.volunteer(id=6, languages=(LanguageSkill("es", vocabulary.BASIC),)),
        builders.volunteer(id=7, preferred_regions=frozenset({"central_america"})),
        builders.volunteer(id=8, preferred_countries=frozenset({"NI"})),
        builders.volunteer(id=10, motivation_weights=((vocabulary.ADVENTURE, 3),)),
        builders.volunteer(id=11, motivation_weights=()),
        builders.volunteer(id=12, availability=(DateWindow(date(2027, 3, 10), date(2027, 3, 20)),)),
        builders.volunteer(id=13, training_level=vocabulary.RESIDENT),
        builders.volunteer(id=14, availability=(DateWindow(date(2028, 1, 1), date(2028, 2, 1)),)),  # excluded
    ]
    ranked = assert_same_ranking(offer, people, today=TODAY)
    order = ranked.volunteer_ids()
    assert order.index(3) < order.index(9) and 14 not in order
    assert rank_applicants_of_trips([(offer, people)], today=TODAY)[offer.id] == order


def test_a_refreshed_store_ranks_as_a_store_built_whole():
    """Replacing changed physicians (one with a specialty and language no one had) gives the
    ranking a store built from the new profiles gives."""
    offer = builders.trip(open_places=((builders.PEDIATRICS, 2), (99, 1)), languages=frozenset({"es", "qu"}))
    before = [builders.volunteer(id=pk) for pk in range(1, 6)]
    store = VolunteerFeatures.from_profiles(before)
    changed = [
        builders.volunteer(
            id=2, specialty_ids=frozenset({99}), primary_specialty_id=99, languages=(LanguageSkill("qu", 3),)
        ),
        builders.volunteer(id=7, preferred_countries=frozenset({"NI"})),
        builders.volunteer(
            id=8,
            availability=tuple(DateWindow(date(2027, 3, d), date(2027, 3, d)) for d in (1, 3, 5, 7)),
        ),
    ]
    refreshed = store.replaced({2, 4}, PhysicianRows.from_profiles(changed))
    after = [p for p in before if p.id not in (2, 4)] + changed
    assert sorted(refreshed.ids.tolist()) == [1, 2, 3, 5, 7, 8]
    assert (
        rank_volunteers_in(refreshed, offer, today=TODAY).totals()
        == rank_volunteers_in(VolunteerFeatures.from_profiles(after), offer, today=TODAY).totals()
    )
    assert_same_ranking(offer, after, today=TODAY)


def test_the_store_is_read_only():
    store = VolunteerFeatures.from_profiles([builders.volunteer()])
    with pytest.raises(ValueError):
        store.weighted[0] = 1.0
    with pytest.raises(FrozenInstanceError):
        store.ids = np.zeros(1)
