"""Stable match rounds: property tests against brute force on small instances."""

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.bench_round import build_input
from matching.engine import RoundInput, RoundResult, blocking_pairs, run_round
from matching.engine.rounds import _deferred_acceptance, _input_columns
from tests.hypothesis_profiles import examples
from tests.matching.oracle import oracle_deferred_acceptance


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


# --- the definition, written here independently of the engine ------------------------
# A program is a (trip, specialty) pair with places. Physician p ranks programs by their
# trip's place in p's list, then by the specialty's place in p's specialties (primary
# first). p and program q block an assignment when (1) p ranked q's trip and has q's
# specialty, (2) q's trip ranked p, (3) p got nothing or prefers q to what p got, and
# (4) q has a free place or holds someone its trip ranks below p.


def acceptable_programs(round_input, physician):
    """Every program physician and trip find mutually acceptable, best first for the physician."""
    trips = round_input.physician_preferences[physician]
    specialties = round_input.physician_specialties.get(physician, ())
    programs = [
        (trip, specialty)
        for trip in trips
        if physician in round_input.trip_rankings.get(trip, ())
        for specialty in specialties
        if round_input.capacities.get((trip, specialty), 0) > 0
    ]
    return sorted(programs, key=lambda q: preference_key(round_input, physician, q))


def preference_key(round_input, physician, program):
    trip, specialty = program
    return (
        round_input.physician_preferences[physician].index(trip),
        round_input.physician_specialties[physician].index(specialty),
    )


def blocking_pairs_by_definition(round_input, assignments):
    blocking = []
    for physician in round_input.physician_preferences:
        current = assignments.get(physician)
        for program in acceptable_programs(round_input, physician):  # conditions (1) and (2)
            if current is not None and preference_key(round_input, physician, current) <= preference_key(
                round_input, physician, program
            ):
                continue  # (3) fails: p likes what p got at least as much
            ranking = round_input.trip_rankings[program[0]]
            holders = [other for other, held in assignments.items() if held == program]
            free_place = len(holders) < round_input.capacities[program]
            if free_place or any(ranking.index(other) > ranking.index(physician) for other in holders):  # (4)
                blocking.append((physician, program))
    return blocking


def all_stable_matchings(round_input):
    """Every stable assignment, by brute force over all acceptable choices."""
    physicians = sorted(round_input.physician_preferences)
    options = [[None] + acceptable_programs(round_input, p) for p in physicians]
    stable = []
    for choice in itertools.product(*options):
        assignments = {p: prog for p, prog in zip(physicians, choice, strict=True) if prog is not None}
        load = {}
        for prog in assignments.values():
            load[prog] = load.get(prog, 0) + 1
        if any(n > round_input.capacities[prog] for prog, n in load.items()):
            continue
        if not blocking_pairs_by_definition(round_input, assignments):
            stable.append(assignments)
    return stable


def test_the_independent_check_finds_a_blocking_pair():
    round_input = RoundInput(
        {1: (10, 11), 2: (10,)}, {1: (5,), 2: (5,)}, {10: (1, 2), 11: (1,)}, {(10, 5): 1, (11, 5): 1}
    )
    # 1 would rather be on 10, and 10 prefers 1 to 2, whom it holds.
    assert blocking_pairs_by_definition(round_input, {1: (11, 5), 2: (10, 5)}) == [(1, (10, 5))]
    # Free places on programs both sides accept block too.
    assert blocking_pairs_by_definition(round_input, {2: (10, 5)}) == [(1, (10, 5)), (1, (11, 5))]
    assert blocking_pairs_by_definition(round_input, {}) == [(1, (10, 5)), (1, (11, 5)), (2, (10, 5))]
    # Stable: 1 has a first choice; 10 wants 2 less than 1, and 2 did not rank 11.
    assert blocking_pairs_by_definition(round_input, {1: (10, 5)}) == []


@settings(max_examples=examples(150), deadline=None)
@given(round_inputs())
def test_result_is_stable_within_capacity_and_acceptable(round_input):
    result = run_round(round_input)
    assert blocking_pairs_by_definition(round_input, result.assignments) == []
    load = {}
    for physician, (trip, specialty) in result.assignments.items():
        load[(trip, specialty)] = load.get((trip, specialty), 0) + 1
        assert trip in round_input.physician_preferences[physician]
        assert specialty in round_input.physician_specialties[physician]
        assert physician in round_input.trip_rankings[trip]
    assert all(n <= round_input.capacities[prog] for prog, n in load.items())
    assert set(result.unmatched) | set(result.assignments) == set(round_input.physician_preferences)


@settings(max_examples=examples(60), deadline=None)
@given(round_inputs(max_physicians=4, max_trips=2))
def test_result_is_the_physician_optimal_stable_matching(round_input):
    result = run_round(round_input)
    stable = all_stable_matchings(round_input)
    assert result.assignments in stable

    def position(physician, assignments):
        prog = assignments.get(physician)
        return (
            preference_key(round_input, physician, prog)
            if prog is not None
            else (len(round_input.physician_preferences[physician]),)
        )

    for other in stable:
        for physician in round_input.physician_preferences:
            assert position(physician, result.assignments) <= position(physician, other)


@settings(max_examples=examples(60), deadline=None)
@given(round_inputs(max_physicians=4, max_trips=2), st.data())
def test_the_engines_blocking_pairs_agree_with_the_definition(round_input, data):
    """The production check (used by the benchmark) against ours, on arbitrary assignments."""
    assignments = {}
    for physician in sorted(round_input.physician_preferences):
        options = [None] + acceptable_programs(round_input, physician)
        program = data.draw(st.sampled_from(options))
        if program is not None:
            assignments[physician] = program
    result = RoundResult(assignments=assignments, unmatched=())
    assert sorted(blocking_pairs(round_input, result)) == sorted(blocking_pairs_by_definition(round_input, assignments))


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


@settings(max_examples=examples(80), deadline=None)
@given(round_inputs())
def test_with_couples_capacity_and_acceptability_still_hold(round_input):
    physicians = sorted(round_input.physician_preferences)
    # With an odd count the last physician stays single.
    couples = tuple(zip(physicians[0::2], physicians[1::2], strict=False))
    with_couples = RoundInput(
        round_input.physician_preferences,
        round_input.physician_specialties,
        round_input.trip_rankings,
        round_input.capacities,
        couples,
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
        together = (
            a in result.assignments and b in result.assignments and result.assignments[a][0] == result.assignments[b][0]
        )
        assert together or (a, b) in result.couples_apart


# --- The integer-array loop against the one-proposal-at-a-time reference ---------------


@settings(max_examples=examples(200), deadline=None)
@given(round_inputs(max_physicians=12, max_trips=5, specialties=(1, 2, 3)))
def test_the_array_loop_assigns_as_the_scalar_reference(round_input):
    assert _deferred_acceptance(round_input) == oracle_deferred_acceptance(round_input)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_generated_national_round_in_miniature_assigns_as_the_scalar_reference(seed):
    """Skewed popularity, capacities per specialty and unranked applicants, as the bench's
    round: the same assignments (programs included) and the same unmatched physicians."""
    round_input = build_input(physicians=3000, trips=600, preferences=10, seed=seed)
    rankings = {t: people[: len(people) * 3 // 4] for t, people in round_input.trip_rankings.items()}
    round_input = RoundInput(
        round_input.physician_preferences, round_input.physician_specialties, rankings, round_input.capacities
    )
    result = _deferred_acceptance(round_input)
    assert result == oracle_deferred_acceptance(round_input)
    assert blocking_pairs(round_input, result) == []


def test_a_trip_listed_twice_and_a_physician_ranked_twice_count_as_the_reference_counts_them():
    round_input = RoundInput(
        physician_preferences={1: (10, 11, 10), 2: (10,), 3: (11, 10)},
        physician_specialties={1: (1,), 2: (1,), 3: (1, 2)},
        trip_rankings={10: (3, 1, 2, 1), 11: (1, 3)},
        capacities={(10, 1): 1, (10, 2): 1, (11, 1): 1},
    )
    result = _deferred_acceptance(round_input)
    assert result == oracle_deferred_acceptance(round_input)
    # Trip 10 keeps physician 1's later place (last of four), so 2 and then 3 outrank them there.
    assert result.assignments == {1: (11, 1), 3: (10, 1)} and result.unmatched == (2,)


def _shuffled_columns(round_input, seed):
    """The round as `RoundColumns` whose trip groups and programs come in another order
    (a database returns them in any order); each list keeps its own order."""
    columns = _input_columns(round_input)
    rng = np.random.default_rng(seed)
    trips = np.unique(columns.ranking_trip)
    new_place = rng.permutation(len(trips))[np.searchsorted(trips, columns.ranking_trip)]
    order = np.argsort(new_place, kind="stable")
    programs = rng.permutation(len(columns.program_trip))
    return dataclasses.replace(
        columns,
        ranking_trip=columns.ranking_trip[order],
        ranking_physician=columns.ranking_physician[order],
        program_trip=columns.program_trip[programs],
        program_specialty=columns.program_specialty[programs],
        program_places=columns.program_places[programs],
    )


@settings(max_examples=examples(100), deadline=None)
@given(round_inputs(max_physicians=12, max_trips=5, specialties=(1, 2, 3)), st.integers(0, 2**16))
def test_the_round_as_columns_assigns_as_the_round_as_dicts(round_input, seed):
    columns = _shuffled_columns(round_input, seed)
    assert run_round(columns) == run_round(round_input) == run_round(columns.as_input())
    assert columns.places == sum(p for p in round_input.capacities.values() if p > 0)


def test_a_generated_round_as_columns_assigns_as_the_round_as_dicts():
    round_input = build_input(physicians=3000, trips=600, preferences=10, seed=4)
    assert _deferred_acceptance(_shuffled_columns(round_input, 4)) == _deferred_acceptance(round_input)
