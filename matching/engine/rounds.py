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


@dataclass(frozen=True)
class RoundResult:
    assignments: dict = field(default_factory=dict)  # physician id -> (trip id, specialty id)
    unmatched: tuple = ()


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
