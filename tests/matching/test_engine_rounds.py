"""Stable match rounds: property tests against brute force on small instances."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import RoundInput, blocking_pairs, run_round
from matching.engine.rounds import program_lists


@st.composite
def round_inputs(draw, max_physicians=5, max_trips=3, specialties=(1, 2)):
    physicians = list(range(1, draw(st.integers(1, max_physicians)) + 1))
    trips = list(range(100, 100 + draw(st.integers(1, max_trips))))
    capacities = {}
    for trip in trips:
        for specialty in specialties:
            places = draw(st.integers(0, 2))
            if places:
                capacities[(trip, specialty)] = places
    preferences, own_specialties = {}, {}
    for physician in physicians:
        preferences[physician] = tuple(draw(st.permutations(trips))[: draw(st.integers(0, len(trips)))])
        own_specialties[physician] = tuple(draw(st.permutations(specialties))[: draw(st.integers(1, len(specialties)))])
    rankings = {}
    for trip in trips:
        ranked = draw(st.permutations(physicians))
        rankings[trip] = tuple(ranked[: draw(st.integers(0, len(ranked)))])
    return RoundInput(preferences, own_specialties, rankings, capacities)


def all_stable_matchings(round_input):
    """Every stable assignment, by brute force over all acceptable choices."""
    lists = program_lists(round_input)
    physicians = sorted(lists)
    options = [[None] + lists[p] for p in physicians]
    stable = []
    for choice in itertools.product(*options):
        assignments = {p: prog for p, prog in zip(physicians, choice) if prog is not None}
        load = {}
        for prog in assignments.values():
            load[prog] = load.get(prog, 0) + 1
        if any(n > round_input.capacities[prog] for prog, n in load.items()):
            continue
        result = type(run_round(RoundInput({}, {}, {}, {})))(assignments=assignments, unmatched=())
        if not blocking_pairs(round_input, result):
            stable.append(assignments)
    return stable


@settings(max_examples=150, deadline=None)
@given(round_inputs())
def test_result_is_stable_within_capacity_and_acceptable(round_input):
    result = run_round(round_input)
    assert blocking_pairs(round_input, result) == []
    load = {}
    for physician, (trip, specialty) in result.assignments.items():
        load[(trip, specialty)] = load.get((trip, specialty), 0) + 1
        assert trip in round_input.physician_preferences[physician]
        assert specialty in round_input.physician_specialties[physician]
        assert physician in round_input.trip_rankings[trip]
    assert all(n <= round_input.capacities[prog] for prog, n in load.items())
    assert set(result.unmatched) | set(result.assignments) == set(round_input.physician_preferences)


@settings(max_examples=60, deadline=None)
@given(round_inputs(max_physicians=4, max_trips=2))
def test_result_is_the_physician_optimal_stable_matching(round_input):
    result = run_round(round_input)
    stable = all_stable_matchings(round_input)
    assert result.assignments in stable
    lists = program_lists(round_input)

    def position(physician, assignments):
        prog = assignments.get(physician)
        return lists[physician].index(prog) if prog is not None else len(lists[physician])

    for other in stable:
        for physician in lists:
            assert position(physician, result.assignments) <= position(physician, other)


def test_capacity_per_specialty_is_respected():
    round_input = RoundInput(
        physician_preferences={1: (10,), 2: (10,), 3: (10,)},
        physician_specialties={1: (5,), 2: (5,), 3: (6,)},
        trip_rankings={10: (3, 2, 1)},
        capacities={(10, 5): 1, (10, 6): 1},
    )
    result = run_round(round_input)
    assert result.assignments == {2: (10, 5), 3: (10, 6)}
    assert result.unmatched == (1,)


def test_a_secondary_specialty_is_used_when_the_primary_is_full():
    round_input = RoundInput(
        physician_preferences={1: (10,), 2: (10,)},
        physician_specialties={1: (5,), 2: (5, 6)},
        trip_rankings={10: (1, 2)},
        capacities={(10, 5): 1, (10, 6): 1},
    )
    assert run_round(round_input).assignments == {1: (10, 5), 2: (10, 6)}


def test_unranked_physicians_are_not_acceptable():
    round_input = RoundInput({1: (10,)}, {1: (5,)}, {10: ()}, {(10, 5): 3})
    assert run_round(round_input).assignments == {}


def test_rerunning_gives_the_same_result():
    round_input = RoundInput(
        physician_preferences={p: (10, 11, 12) if p % 2 else (12, 11, 10) for p in range(1, 40)},
        physician_specialties={p: (5,) for p in range(1, 40)},
        trip_rankings={t: tuple(range(39, 0, -1)) for t in (10, 11, 12)},
        capacities={(10, 5): 4, (11, 5): 4, (12, 5): 4},
    )
    assert run_round(round_input) == run_round(round_input)
    assert len(run_round(round_input).assignments) == 12


# --- couples ------------------------------------------------------------------------


def test_a_couple_is_placed_on_a_trip_both_ranked():
    round_input = RoundInput(
        physician_preferences={1: (10, 11), 2: (11, 10), 3: (10,)},
        physician_specialties={1: (5,), 2: (6,), 3: (5,)},
        trip_rankings={10: (3, 1, 2), 11: (1, 2)},
        capacities={(10, 5): 1, (10, 6): 1, (11, 5): 1, (11, 6): 1},
        couples=((1, 2),),
    )
    result = run_round(round_input)
    assert result.assignments[1][0] == result.assignments[2][0]
    assert result.assignments[3] == (10, 5)
    assert result.couples_apart == ()


def test_a_couple_without_a_shared_trip_is_reported_apart():
    round_input = RoundInput(
        physician_preferences={1: (10,), 2: (11,)},
        physician_specialties={1: (5,), 2: (5,)},
        trip_rankings={10: (1,), 11: (2,)},
        capacities={(10, 5): 1, (11, 5): 1},
        couples=((1, 2),),
    )
    result = run_round(round_input)
    assert result.assignments == {1: (10, 5), 2: (11, 5)}
    assert result.couples_apart == ((1, 2),)


@settings(max_examples=80, deadline=None)
@given(round_inputs())
def test_with_couples_capacity_and_acceptability_still_hold(round_input):
    physicians = sorted(round_input.physician_preferences)
    couples = tuple(zip(physicians[0::2], physicians[1::2]))
    with_couples = RoundInput(
        round_input.physician_preferences, round_input.physician_specialties, round_input.trip_rankings,
        round_input.capacities, couples,
    )
    result = run_round(with_couples)
    load = {}
    for physician, (trip, specialty) in result.assignments.items():
        load[(trip, specialty)] = load.get((trip, specialty), 0) + 1
        assert trip in round_input.physician_preferences[physician]
        assert specialty in round_input.physician_specialties[physician]
        assert physician in round_input.trip_rankings[trip]
    assert all(n <= round_input.capacities[program] for program, n in load.items())
    for a, b in couples:
        together = a in result.assignments and b in result.assignments and result.assignments[a][0] == result.assignments[b][0]
        assert together or (a, b) in result.couples_apart
