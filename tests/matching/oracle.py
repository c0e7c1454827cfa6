"""The scalar reference for the vectorised engine: one pair at a time, in plain Python.

It reads the engine's per-pair path (`_assess`, still the trip side's scorer) so that
any change to the scoring rules is a change to this reference too. The vectorised
ranking must give the same scores (to 1e-9) and the same order: best total first (as
shown, rounded to one decimal), then the earlier start date, then the lower trip id."""

import heapq
from collections import deque

from matching.engine.rounds import RoundResult, _rank_tables, program_lists
from matching.engine.scoring import _assess, _explain, _Organization, _Volunteer
from matching.engine.weights import FACTOR_WEIGHTS


def raw_total(assessment):
    """The unrounded sum of the factor contributions of an `_Assessment`."""
    return sum(FACTOR_WEIGHTS[key] * max(0.0, min(1.0, score)) for key, score in assessment.scores)


def oracle_assessments(volunteer, offers, *, today):
    """Every eligible offer's assessment, in the ranking's order."""
    prepared = _Volunteer(volunteer)
    assessed = []
    for offer in offers:
        result = _assess(prepared, offer, _Organization(offer.organization), today)
        if not isinstance(result, tuple):
            assessed.append(result)
    assessed.sort(key=lambda a: (-a.total, a.offer.start, a.offer.id))
    return prepared, assessed


def oracle_matches(volunteer, offers, *, today):
    """The explained matches the scalar path gives, best first."""
    prepared, assessed = oracle_assessments(volunteer, offers, today=today)
    return [_explain(prepared, a, "volunteer") for a in assessed]


def oracle_volunteer_assessments(offer, volunteers, *, today):
    """Every eligible volunteer's (prepared, assessment) for a trip, from the trip's side,
    best shown total first, then the lower volunteer id."""
    org = _Organization(offer.organization)
    assessed = []
    for volunteer in volunteers:
        prepared = _Volunteer(volunteer)
        result = _assess(prepared, offer, org, today, "trip")
        if not isinstance(result, tuple):
            assessed.append((prepared, result))
    assessed.sort(key=lambda pair: (-pair[1].total, pair[0].profile.id))
    return assessed


def oracle_volunteer_matches(offer, volunteers, *, today):
    """The explained trip-side matches the scalar path gives, best first."""
    return [
        _explain(prepared, a, "trip") for prepared, a in oracle_volunteer_assessments(offer, volunteers, today=today)
    ]


def oracle_deferred_acceptance(round_input):
    """The round's scalar reference: physician-proposing deferred acceptance one proposal at
    a time over dicts and heaps (the engine's loop before it worked on integer arrays)."""
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
