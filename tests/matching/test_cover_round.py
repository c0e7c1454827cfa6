"""The cover round (matching.engine.cover): hand-built cases, and a brute force over every
assignment of weeks to physicians that holds it optimal on small inputs."""

import itertools
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine.cover import CoverCandidate, plan_cover, week_monday, weeks_held, weeks_overlapping
from tests.hypothesis_profiles import examples

MONDAY = date(2027, 3, 1)  # a Monday


def weeks(first, count):
    return tuple(MONDAY + timedelta(days=7 * (first + k)) for k in range(count))


def window(first_week, last_week):
    """Availability from the Monday of `first_week` to the Sunday of `last_week`."""
    return (MONDAY + timedelta(days=7 * first_week), MONDAY + timedelta(days=7 * last_week + 6))


def test_weeks_overlapping_and_held():
    assert week_monday(date(2027, 3, 4)) == MONDAY
    assert weeks_overlapping([(date(2027, 3, 6), date(2027, 3, 8))]) == weeks(0, 2)
    # Sunday to Saturday holds no whole Monday-to-Sunday week.
    assert weeks_held([(date(2027, 2, 28), date(2027, 3, 6))], weeks(0, 1)) == ()
    assert weeks_held([window(0, 0), (date(2027, 3, 8), date(2027, 3, 20))], weeks(0, 3)) == weeks(0, 2)


def test_consecutive_short_stays_give_continuous_cover():
    plan = plan_cover(
        wanted_weeks=weeks(0, 6),
        candidates=[
            CoverCandidate(1, (window(0, 1),), 0.8),
            CoverCandidate(2, (window(2, 3),), 0.6),
            CoverCandidate(3, (window(4, 5),), 0.7),
        ],
        minimum_weeks=2,
    )
    assert [(s.physician_id, s.start, s.weeks) for s in plan.stays] == [
        (1, weeks(0, 1)[0], 2),
        (2, weeks(2, 1)[0], 2),
        (3, weeks(4, 1)[0], 2),
    ]
    assert plan.weeks_covered == 6 and plan.uncovered_weeks == () and plan.optimal
    assert plan.stays[0].end == weeks(1, 1)[0] + timedelta(days=6)  # a Sunday


def test_weeks_covered_come_before_fit():
    # The best-fitting physician can cover two weeks; two weaker ones together cover three.
    plan = plan_cover(
        wanted_weeks=weeks(0, 3),
        candidates=[
            CoverCandidate(1, (window(0, 1),), 1.0),
            CoverCandidate(2, (window(0, 0),), 0.2),
            CoverCandidate(3, (window(1, 2),), 0.2),
        ],
        minimum_weeks=1,
    )
    assert plan.weeks_covered == 3
    assert {s.physician_id for s in plan.stays} in ({2, 3}, {1, 3})
    # Of the three-week plans, the best fit: physician 1 for weeks 0-1, 3 for week 2.
    assert [(s.physician_id, s.weeks) for s in plan.stays] == [(1, 2), (3, 1)]


def test_minimum_stay_and_gaps_are_respected():
    # Week 2 is not wanted (already covered): no stay crosses it, and a stay below the
    # minimum is never proposed.
    wanted = weeks(0, 2) + weeks(3, 1)
    plan = plan_cover(wanted_weeks=wanted, candidates=[CoverCandidate(1, (window(0, 3),), 0.9)], minimum_weeks=2)
    assert [(s.start, s.weeks) for s in plan.stays] == [(MONDAY, 2)]
    assert plan.uncovered_weeks == weeks(3, 1)


def test_a_physician_comes_once_and_nobody_fits_nothing():
    plan = plan_cover(
        wanted_weeks=weeks(0, 4), candidates=[CoverCandidate(1, (window(0, 0), window(2, 3)), 0.5)], minimum_weeks=1
    )
    assert len(plan.stays) == 1 and plan.stays[0].weeks == 2
    empty = plan_cover(wanted_weeks=weeks(0, 2), candidates=[], minimum_weeks=1)
    assert empty.stays == () and empty.uncovered_weeks == weeks(0, 2)


def brute_force(wanted, candidates, minimum_weeks):
    """(weeks covered, fit × weeks) of the best assignment of each week to a physician or to
    nobody, keeping those where each physician has one block of consecutive weeks they are
    available for, at least the minimum long."""
    available = {c.physician_id: set(weeks_held(c.windows, wanted)) for c in candidates}
    fit = {c.physician_id: c.fit for c in candidates}
    best = (0, 0.0)
    for assignment in itertools.product([None, *available], repeat=len(wanted)):
        valid = True
        for physician in available:
            positions = [k for k, who in enumerate(assignment) if who == physician]
            if not positions:
                continue
            block = range(positions[0], positions[-1] + 1)
            if (
                len(positions) != len(block)
                or len(positions) < minimum_weeks
                or any(wanted[k] not in available[physician] for k in positions)
                or any((wanted[k + 1] - wanted[k]).days != 7 for k in positions[:-1])
            ):
                valid = False
                break
        if not valid:
            continue
        covered = sum(1 for who in assignment if who is not None)
        total = sum(fit[who] for who in assignment if who is not None)
        if (covered, total) > (best[0], best[1] + 1e-9):
            best = (covered, total)
    return best


@st.composite
def cover_inputs(draw):
    span = draw(st.integers(min_value=1, max_value=7))
    wanted = tuple(sorted(draw(st.sets(st.integers(0, span - 1), min_size=1, max_size=span))))
    candidates = []
    for physician in range(1, draw(st.integers(0, 3)) + 1):
        windows = []
        for _ in range(draw(st.integers(1, 2))):
            first = draw(st.integers(0, span - 1))
            last = draw(st.integers(first, span - 1))
            # Sometimes a window starting mid-week: that week is not held.
            start, end = window(first, last)
            start += timedelta(days=draw(st.sampled_from([0, 0, 3])))
            windows.append((start, end))
        candidates.append(CoverCandidate(physician, tuple(windows), draw(st.integers(0, 10)) / 10))
    minimum = draw(st.integers(1, 3))
    return tuple(MONDAY + timedelta(days=7 * k) for k in wanted), candidates, minimum


@settings(max_examples=examples(200), deadline=None)
@given(cover_inputs())
def test_the_round_is_optimal_against_brute_force(case):
    wanted, candidates, minimum = case
    plan = plan_cover(wanted_weeks=wanted, candidates=candidates, minimum_weeks=minimum)
    assert plan.optimal
    covered, total = brute_force(wanted, candidates, minimum)
    assert plan.weeks_covered == covered
    assert abs(plan.total_fit - total) < 1e-9
    # The plan is what it says: stays inside the wanted weeks, apart, one each.
    assert len({s.physician_id for s in plan.stays}) == len(plan.stays)
    seen = set()
    for stay in plan.stays:
        days = {stay.start + timedelta(days=7 * k) for k in range(stay.weeks)}
        assert days <= set(wanted) and not days & seen and stay.weeks >= minimum
        seen |= days
    assert set(plan.covered_weeks) == seen and set(plan.uncovered_weeks) == set(wanted) - seen


def test_a_large_calendar_stops_at_its_budget_and_says_so():
    candidates = [CoverCandidate(p, (window(p % 20, p % 20 + 8),), (p * 37 % 100) / 100) for p in range(1, 120)]
    plan = plan_cover(wanted_weeks=weeks(0, 52), candidates=candidates, minimum_weeks=2, node_budget=50)
    assert not plan.optimal
    assert plan.weeks_covered > 0
