"""The vectorised ranking against the scalar reference (tests/matching/oracle.py): for
random stores and profiles, the same eligible trips, the same scores to 1e-9, the same
explanations, and the same order (shown total, then start date, then trip id)."""

from dataclasses import FrozenInstanceError, replace
from datetime import timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import TripFeatures, rank_trips_in
from matching.engine.scores import shown_total
from matching.engine.trip_columns import OneVolunteerColumns
from tests.hypothesis_profiles import examples
from tests.matching import builders
from tests.matching.builders import TODAY
from tests.matching.oracle import oracle_assessments, oracle_matches, raw_total
from tests.matching.test_round_ordering import offers, volunteers


@st.composite
def stores(draw):
    drawn = draw(st.lists(offers(), min_size=1, max_size=40))
    return [replace(offer, id=pk) for pk, offer in enumerate(drawn, start=1)]


@settings(max_examples=examples(300), deadline=None)
@given(store=stores(), volunteer=volunteers(7), days_later=st.integers(0, 20))
def test_vectorised_scores_equal_the_scalar_references(store, volunteer, days_later):
    today = TODAY + timedelta(days=days_later)
    _prepared, expected = oracle_assessments(volunteer, store, today=today)
    ranked = rank_trips_in(TripFeatures.from_offers(store), volunteer, today=today)
    assert len(ranked) == len(expected)
    got = ranked.totals()
    assert [trip_id for trip_id, _shown, _raw in got] == [a.offer.id for a in expected]
    for (_id, shown, raw), assessment in zip(got, expected, strict=True):
        assert abs(raw - raw_total(assessment)) <= 1e-9
        assert shown == assessment.total == shown_total(raw_total(assessment))
    # The top 20 through the page's own path (argpartition), explained.
    matches = ranked[:20]
    reference = oracle_matches(volunteer, store, today=today)[:20]
    assert [m.trip_id for m in matches] == [m.trip_id for m in reference]
    for match, want in zip(matches, reference, strict=True):
        assert match.total == want.total
        assert match.reasons == want.reasons and match.watch_outs == want.watch_outs
        assert match.specialty_ids == want.specialty_ids
        assert (match.sustainability_index, match.local_education_index) == (
            want.sustainability_index,
            want.local_education_index,
        )
        for factor, reference_factor in zip(match.factors, want.factors, strict=True):
            assert (factor.key, factor.weight) == (reference_factor.key, reference_factor.weight)
            assert abs(factor.score - reference_factor.score) <= 1e-9


@settings(max_examples=examples(100), deadline=None)
@given(store=stores(), volunteer=volunteers(7), start=st.integers(0, 30), length=st.integers(1, 25))
def test_any_slice_is_the_same_part_of_the_full_order(store, volunteer, start, length):
    ranked = rank_trips_in(TripFeatures.from_offers(store), volunteer, today=TODAY)
    full = [trip_id for trip_id, _s, _r in ranked.totals()]
    assert [m.trip_id for m in ranked[start : start + length]] == full[start : start + length]
    if full:
        assert ranked[-1].trip_id == full[-1]


def test_ties_go_to_the_earlier_start_then_the_lower_id():
    base = builders.trip()
    twins = [
        replace(base, id=30, start=base.start + timedelta(days=1), end=base.end + timedelta(days=1)),
        replace(base, id=20),
        replace(base, id=10, start=base.start + timedelta(days=1), end=base.end + timedelta(days=1)),
    ]
    volunteer = builders.volunteer()
    ranked = rank_trips_in(TripFeatures.from_offers(twins), volunteer, today=builders.TODAY)
    totals = {m.total for m in ranked}
    assert len(totals) == 1
    assert [m.trip_id for m in ranked] == [20, 10, 30]


def test_a_deadline_is_checked_against_the_day_asked_not_the_day_the_store_was_built():
    offer = builders.trip()
    features = TripFeatures.from_offers([offer])
    volunteer = builders.volunteer()
    assert len(rank_trips_in(features, volunteer, today=offer.application_deadline)) == 1
    assert len(rank_trips_in(features, volunteer, today=offer.application_deadline + timedelta(days=1))) == 0


def test_a_refresh_shares_the_columns_its_changed_rows_left_as_they_were():
    store = [builders.trip(id=1, cost_usd=900), builders.trip(id=2, cost_usd=1200)]
    old = TripFeatures.from_offers(store)
    laid_out = old.one_volunteer
    refreshed = old.replaced({1}, [replace(store[0], cost_usd=950)])
    assert refreshed.cost.tolist() == [950, 1200] and old.cost.tolist() == [900, 1200]
    assert refreshed.cost is not old.cost
    assert refreshed.has_place is old.has_place and refreshed.quality is old.quality
    assert refreshed.one_volunteer.has_place is laid_out.has_place
    assert refreshed.one_volunteer.listed is laid_out.listed
    closed = old.replaced({2}, [])
    assert closed.is_open.tolist() == [True, False] and old.is_open.tolist() == [True, True]
    assert closed.one_volunteer.listed.tolist() == [True, False] and laid_out.listed.tolist() == [True, True]


def test_the_store_is_read_only():
    features = TripFeatures.from_offers([builders.trip()])
    assert features.nbytes > 0
    with pytest.raises(ValueError):
        features.quality[0] = 1.0
    with pytest.raises(FrozenInstanceError):
        features.ids = np.zeros(1, dtype=np.int64)


@settings(max_examples=examples(100), deadline=None)
@given(
    store=stores(),
    changed=st.lists(offers(), max_size=5),
    dropped=st.lists(st.integers(1, 40), max_size=5),
    volunteer=volunteers(7),
)
def test_a_store_refreshed_in_place_ranks_as_one_built_whole(store, changed, dropped, volunteer):
    """Replacing some trips (changed, new or gone) gives the ranking a store built from the
    resulting offers gives, whenever the refresh is possible."""
    old = TripFeatures.from_offers(store)
    rank_trips_in(old, volunteer, today=TODAY)  # its one-volunteer layout made: the refresh reuses parts of it
    # Changed offers reuse ids of the store (and one past its end, a new trip).
    changed = [replace(offer, id=pk) for pk, offer in zip(range(len(store) - 1, 10**6), changed, strict=False)]
    gone = set(dropped) | {offer.id for offer in changed}
    refreshed = old.replaced(gone, changed)
    if refreshed is None:  # a column the old store lacks: the store is built whole instead
        return
    expected = [offer for offer in store if offer.id not in gone] + changed
    rebuilt = TripFeatures.from_offers(expected)
    whole = rank_trips_in(rebuilt, volunteer, today=TODAY)
    assert rank_trips_in(refreshed, volunteer, today=TODAY).totals() == whole.totals()
    laid_out_anew = OneVolunteerColumns.of(refreshed)
    for name, value in vars(laid_out_anew).items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(getattr(refreshed.one_volunteer, name), value), name
    # Every expected trip has a row; a trip gone stays in its row, as not open, until the next build.
    assert {offer.id for offer in expected} <= set(refreshed.ids.tolist())
    assert not refreshed.is_open[~np.isin(refreshed.ids, [offer.id for offer in expected])].any()
