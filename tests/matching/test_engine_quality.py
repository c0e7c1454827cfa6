"""Issue 18's scoring rules with hand-built inputs, and properties over generated ones:
graded cost, the physician's own budget limit, the preparation index, "not stated" versus a
declared zero, the minimum-evidence floor, the spread term's bound and cover-calendar gaps."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vocabulary
from matching.engine import (
    Exclusion,
    TripFeatures,
    evaluate,
    explanations,
    organization_quality,
    rank_trips_for_volunteer,
    rank_trips_in,
    rank_volunteers_for_trip,
    sustainability_index,
)
from matching.engine import weights as w
from matching.engine.indices import below_evidence_floor, declared_evidence, preparation_index
from tests.hypothesis_profiles import examples
from tests.matching.test_round_ordering import offers, volunteers

from .builders import TODAY, organization, trip, volunteer, weak_organization

PREPARATION = tuple(w.PREPARATION_POINTS)


def factor(match, key):
    return next(f for f in match.factors if f.key == key)


def test_graded_cost_falls_smoothly_with_the_amount_over_budget():
    person = volunteer(max_budget_usd=1000)
    scores = [factor(evaluate(person, trip(cost_usd=cost), today=TODAY), "cost").score for cost in range(0, 4001, 50)]
    assert scores[: 1000 // 50 + 1] == [1.0] * 21  # within the budget: full marks
    over = scores[20:]
    assert all(a > b for a, b in zip(over, over[1:], strict=False))  # strictly falling, never a cliff
    assert factor(evaluate(person, trip(cost_usd=1250), today=TODAY), "cost").score == 0.5
    assert over[1] > 0.86  # $50 over a $1,000 budget costs little
    # The total follows: a trip $1 over now beats one $2,000 over.
    near, far = (evaluate(person, trip(cost_usd=c), today=TODAY).total for c in (1001, 3000))
    assert near > far


def test_never_over_budget_excludes_instead_of_ranking_lower():
    strict = volunteer(max_budget_usd=1000, never_over_budget=True)
    over = evaluate(strict, trip(cost_usd=1001), today=TODAY)
    assert isinstance(over, Exclusion) and over.codes == ("never_over_budget",)
    assert not isinstance(evaluate(strict, trip(cost_usd=1000), today=TODAY), Exclusion)
    # Without a budget there is nothing to exclude by.
    assert not isinstance(evaluate(replace(strict, max_budget_usd=None), trip(cost_usd=9000), today=TODAY), Exclusion)
    store = [trip(id=1, cost_usd=900), trip(id=2, cost_usd=1500)]
    assert [m.trip_id for m in rank_trips_for_volunteer(strict, store, today=TODAY)] == [1]
    assert [
        m.trip_id for m in rank_trips_for_volunteer(replace(strict, never_over_budget=False), store, today=TODAY)
    ] == [
        1,
        2,
    ]


@pytest.mark.parametrize("motivation", [None, *vocabulary.MOTIVATION_KEYS])
def test_preparation_separates_otherwise_equal_trips_for_every_motivation(motivation):
    weights = () if motivation is None else ((motivation, 3),)
    person = volunteer(motivation_weights=weights)
    prepared = evaluate(person, trip(organization=organization()), today=TODAY)
    unprepared_org = organization(**{name: False for name in PREPARATION})
    unprepared = evaluate(person, trip(organization=unprepared_org), today=TODAY)
    assert preparation_index(organization()) == 100 and preparation_index(unprepared_org) == 0
    assert prepared.total > unprepared.total
    assert prepared.preparation_index == 100 and unprepared.preparation_index == 0


def test_quality_weighs_the_three_indices():
    org = organization(**{name: False for name in PREPARATION})
    assert organization_quality(org) == pytest.approx((0.4 * 100 + 0.4 * 100 + 0.2 * 0) / 100)


def test_not_stated_is_scored_with_its_prior_and_a_stated_zero_as_zero():
    not_stated = organization(years_active_in_community=None, local_staff_employed=None)
    zero = organization(years_active_in_community=0, local_staff_employed=0)
    at_prior = organization(
        years_active_in_community=w.YEARS_ACTIVE_NOT_STATED, local_staff_employed=w.LOCAL_STAFF_NOT_STATED
    )
    assert sustainability_index(zero) < sustainability_index(not_stated) == sustainability_index(at_prior)
    # Hiding a count never pays against stating a typical one.
    assert sustainability_index(not_stated) < sustainability_index(organization())
    continuity = volunteer(motivation_weights=((vocabulary.CONTINUITY, 3),))
    totals = [evaluate(continuity, trip(organization=o), today=TODAY).total for o in (zero, not_stated, organization())]
    assert totals[0] < totals[1] < totals[2]


def test_little_evidence_costs_a_fixed_penalty():
    thin = weak_organization()
    assert below_evidence_floor(thin) and declared_evidence(thin) < w.EVIDENCE_FLOOR
    person = volunteer()
    match = evaluate(person, trip(organization=thin), today=TODAY)
    contributions = sum(f.contribution for f in match.factors)
    assert match.total == pytest.approx(round(contributions - w.EVIDENCE_FLOOR_PENALTY, 1), abs=0.051)
    # Just over the floor: no penalty, so a little more evidence is worth more than its points.
    enough = weak_organization(runs_year_round_facility=True, has_follow_up_plan=True, trains_local_staff=True)
    assert not below_evidence_floor(enough)
    above = evaluate(person, trip(organization=enough), today=TODAY)
    assert above.total == pytest.approx(round(sum(f.contribution for f in above.factors), 1), abs=0.051)
    assert above.total - match.total > w.EVIDENCE_FLOOR_PENALTY


def test_a_gap_in_the_hosts_cover_calendar_counts_for_continuity_only():
    continuity = volunteer(motivation_weights=((vocabulary.CONTINUITY, 3),))
    teacher = volunteer(motivation_weights=((vocabulary.TEACHING, 3),))
    for person, rises in ((continuity, True), (teacher, False)):
        plain = evaluate(person, trip(fills_cover_gap=False), today=TODAY).total
        gap = evaluate(person, trip(fills_cover_gap=True), today=TODAY).total
        assert (gap > plain) is rises and gap >= plain
    reasons = evaluate(continuity, trip(fills_cover_gap=True), today=TODAY).reasons
    assert explanations.FILLS_COVER_GAP in {reason.code for reason in reasons}


def test_spread_takes_at_most_its_points_off_a_crowded_trip():
    person = volunteer()
    free = evaluate(person, trip(spread_need=1.0), today=TODAY).total
    crowded = evaluate(person, trip(spread_need=0.0), today=TODAY).total
    assert free - crowded == pytest.approx(w.SPREAD_POINTS, abs=0.051)
    # The trip's side ranks physicians for one trip: the term would be the same for all of them.
    assert [m.total for m in rank_volunteers_for_trip(trip(spread_need=0.0), [person], today=TODAY)] == [
        m.total for m in rank_volunteers_for_trip(trip(spread_need=1.0), [person], today=TODAY)
    ]


@settings(max_examples=examples(100), deadline=None)
@given(store=st.lists(offers(), min_size=2, max_size=12), person=volunteers(7), needs=st.data())
def test_spread_never_reorders_trips_whose_fit_differs_by_more_than_its_bound(store, person, needs):
    store = [replace(offer, id=pk, spread_need=1.0) for pk, offer in enumerate(store, start=1)]
    calm = {t: s for t, s, _r in rank_trips_in(TripFeatures.from_offers(store), person, today=TODAY).totals()}
    crowded = [replace(o, spread_need=needs.draw(st.floats(0, 1))) for o in store]
    ranked = [t for t, _s, _r in rank_trips_in(TripFeatures.from_offers(crowded), person, today=TODAY).totals()]
    for i, a in enumerate(ranked):
        for b in ranked[i + 1 :]:
            assert not calm[b] - calm[a] > w.SPREAD_POINTS + 0.1, (a, b)


@settings(max_examples=examples(100), deadline=None)
@given(offer=offers(), person=volunteers(7))
def test_the_score_stays_within_0_and_100(offer, person):
    match = evaluate(person, replace(offer, is_open=True), today=TODAY)
    if not isinstance(match, Exclusion):
        assert 0.0 <= match.total <= 100.0


EVIDENCE_FLAGS = (
    "runs_year_round_facility",
    "has_follow_up_plan",
    "hands_records_to_local_providers",
    "needs_assessment_with_local_leaders",
    "publishes_fee_breakdown",
    "trains_local_staff",
    "has_local_curriculum",
    "mentors_local_clinicians",
    *PREPARATION,
)


@settings(max_examples=examples(100), deadline=None)
@given(offer=offers(), person=volunteers(7), flag=st.sampled_from(EVIDENCE_FLAGS))
def test_the_score_never_falls_when_a_declared_evidence_value_rises(offer, person, flag):
    org = offer.organization
    low, high = replace(org, **{flag: False}), replace(org, **{flag: True})
    pair = [evaluate(person, replace(offer, organization=o), today=TODAY) for o in (low, high)]
    if not isinstance(pair[0], Exclusion):
        assert pair[1].total >= pair[0].total


@settings(max_examples=examples(100), deadline=None)
@given(
    offer=offers(),
    person=volunteers(7),
    field=st.sampled_from(["years_active_in_community", "local_staff_employed"]),
    values=st.lists(st.integers(0, 20), min_size=2, max_size=2),
)
def test_the_score_never_falls_when_a_declared_count_rises(offer, person, field, values):
    low, high = sorted(values)
    totals = [
        evaluate(person, replace(offer, organization=replace(offer.organization, **{field: v})), today=TODAY)
        for v in (low, high)
    ]
    if not isinstance(totals[0], Exclusion):
        assert totals[1].total >= totals[0].total
