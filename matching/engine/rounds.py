"""Match rounds: physician-proposing deferred acceptance with capacities (Gale-Shapley,
as used by residency matches).

A *program* is a (trip, specialty) pair with a number of places. A physician's list over
trips expands into programs: for each trip, in the physician's order, each of their
specialties that the trip has places for, primary specialty first. A trip's ranking of
physicians applies to every one of its programs; a physician the trip did not rank is
not acceptable to it.

Stability: no physician p and program q such that (1) p ranked q's trip and has q's
specialty, (2) the trip ranked p, (3) p prefers q to what p got (or p got nothing), and
(4) q has a free place or holds someone its trip ranks below p. Physician-proposing
deferred acceptance yields the stable outcome every physician likes best, and it is
unique, so the order in which we process proposals cannot change the result.
"""

import heapq
from collections import deque
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RoundInput:
    physician_preferences: dict  # physician id -> (trip id, ...) best first
    physician_specialties: dict  # physician id -> (specialty id, ...) primary first
    trip_rankings: dict  # trip id -> (physician id, ...) best first
    capacities: dict  # (trip id, specialty id) -> places
    couples: tuple = ()  # ((physician id, physician id), ...) who want the same trip


@dataclass(frozen=True)
class RoundResult:
    assignments: dict = field(default_factory=dict)  # physician id -> (trip id, specialty id)
    unmatched: tuple = ()
    couples_apart: tuple = ()  # couples the round could not place on one trip


def _rank_tables(round_input):
    return {trip: {p: i for i, p in enumerate(ranking)} for trip, ranking in round_input.trip_rankings.items()}


def program_lists(round_input, rank_of=None):
    """Each physician's acceptable programs, best first."""
    rank_of = rank_of if rank_of is not None else _rank_tables(round_input)
    capacities = round_input.capacities
    lists = {}
    for physician, trips in round_input.physician_preferences.items():
        specialties = round_input.physician_specialties.get(physician, ())
        programs = []
        seen = set()
        for trip in trips:
            if trip in seen or physician not in rank_of.get(trip, ()):
                continue
            seen.add(trip)
            for specialty in specialties:
                if capacities.get((trip, specialty), 0) > 0:
                    programs.append((trip, specialty))
        lists[physician] = programs
    return lists


def run_round(round_input):
    """Physician-proposing deferred acceptance, then a best-effort pass for couples.

    Couples (two physicians who asked to travel together) are handled as the residency
    Match does in spirit, but simply: a stable outcome with couples may not exist, so
    (1) each partner's list is narrowed to the trips both ranked, ordered by their summed
    ranks; (2) deferred acceptance runs on those lists (stable for them); (3) if the
    partners still landed apart, they move together to the first joint trip with free
    places for both. Step 3 only fills empty places, so no one is displaced, but the places
    they leave may create instability; couples we could not seat together are reported.
    Without couples this is exactly physician-proposing deferred acceptance."""
    if round_input.couples:
        return _run_with_couples(round_input)
    return _deferred_acceptance(round_input)


def _joint_order(round_input, a, b):
    prefs = round_input.physician_preferences
    rank_a = {t: i for i, t in enumerate(prefs.get(a, ()))}
    rank_b = {t: i for i, t in enumerate(prefs.get(b, ()))}
    joint = [t for t in prefs.get(a, ()) if t in rank_b]
    return tuple(sorted(joint, key=lambda t: (rank_a[t] + rank_b[t], rank_a[t], t)))


def _run_with_couples(round_input):
    preferences = dict(round_input.physician_preferences)
    joint_orders = {}
    for a, b in round_input.couples:
        joint = _joint_order(round_input, a, b)
        joint_orders[(a, b)] = joint
        if joint:
            preferences[a] = joint
            preferences[b] = joint
    narrowed = RoundInput(
        preferences, round_input.physician_specialties, round_input.trip_rankings, round_input.capacities
    )
    result = _deferred_acceptance(narrowed)
    assignments = dict(result.assignments)
    load = {}
    for program in assignments.values():
        load[program] = load.get(program, 0) + 1
    rank_of = _rank_tables(round_input)
    apart = []
    for a, b in round_input.couples:
        here_a, here_b = assignments.get(a), assignments.get(b)
        if here_a and here_b and here_a[0] == here_b[0]:
            continue
        placed = False
        for trip in joint_orders[(a, b)]:
            if a not in rank_of.get(trip, {}) or b not in rank_of.get(trip, {}):
                continue
            for program in (here_a, here_b):
                if program:
                    load[program] -= 1  # if they move, their current places free up
            seats = {}
            for person in (a, b):
                for specialty in round_input.physician_specialties.get(person, ()):
                    program = (trip, specialty)
                    taken = load.get(program, 0) + sum(1 for p in seats.values() if p == program)
                    if taken < round_input.capacities.get(program, 0):
                        seats[person] = program
                        break
            if len(seats) == 2:
                for person, program in seats.items():
                    assignments[person] = program
                    load[program] = load.get(program, 0) + 1
                placed = True
                break
            for program in (here_a, here_b):
                if program:
                    load[program] += 1
        if not placed:
            apart.append((a, b))
    unmatched = tuple(sorted(p for p in round_input.physician_preferences if p not in assignments))
    return RoundResult(assignments=assignments, unmatched=unmatched, couples_apart=tuple(apart))


def _deferred_acceptance(round_input):
    """Physician-proposing deferred acceptance. Deterministic; O(total list length × log capacity)."""
    rank_of = _rank_tables(round_input)
    lists = program_lists(round_input, rank_of)
    next_choice = dict.fromkeys(lists, 0)
    held = {}  # program -> heap of (-trip rank, physician): the worst held physician is on top
    free = deque(sorted(lists))
    capacities = round_input.capacities
    while free:
        physician = free.popleft()
        programs = lists[physician]
        index = next_choice[physician]
        if index >= len(programs):
            continue  # exhausted the list: stays unmatched
        next_choice[physician] = index + 1
        program = programs[index]
        rank = rank_of[program[0]][physician]
        heap = held.setdefault(program, [])
        if len(heap) < capacities[program]:
            heapq.heappush(heap, (-rank, physician))
        elif rank < -heap[0][0]:
            _worst_rank, displaced = heapq.heapreplace(heap, (-rank, physician))
            free.append(displaced)
        else:
            free.append(physician)
    assignments = {physician: program for program, heap in held.items() for _rank, physician in heap}
    unmatched = tuple(sorted(p for p in round_input.physician_preferences if p not in assignments))
    return RoundResult(assignments=assignments, unmatched=unmatched)


def blocking_pairs(round_input, result):
    """Every (physician, program) pair that would rather have each other: empty when stable."""
    rank_of = _rank_tables(round_input)
    lists = program_lists(round_input, rank_of)
    holders = {}
    for physician, program in result.assignments.items():
        holders.setdefault(program, []).append(physician)
    blocking = []
    for physician, programs in lists.items():
        current = result.assignments.get(physician)
        for program in programs:
            if program == current:
                break  # everything after is liked less than what the physician has
            held = holders.get(program, [])
            if len(held) < round_input.capacities[program]:
                blocking.append((physician, program))
                continue
            ranks = rank_of[program[0]]
            if any(ranks[other] > ranks[physician] for other in held):
                blocking.append((physician, program))
    return blocking
