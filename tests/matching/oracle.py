"""The scalar reference for the vectorised engine: one pair at a time, in plain Python.

`_assess` is the scoring rules written for one (volunteer, trip) pair, from either side;
the engine no longer runs it, so a change to the scoring rules is made here too, and the
property tests hold the vectorised code to it: the same scores (to 1e-9) and the same
order (best shown total first, rounded to one decimal; then the earlier start date and
the lower trip id on the volunteer's side, the lower volunteer id on the trip's). The
round's reference is the one-proposal-at-a-time deferred acceptance."""

import heapq
from collections import deque

import vocabulary
from matching.engine import weights as w
from matching.engine.checks import _best_language, _covered_days, _open_specialties, _trip_checks, hard_constraints
from matching.engine.preparation import _Organization, _Volunteer
from matching.engine.rounds import RoundResult, _rank_tables, program_lists
from matching.engine.scores import shown_total
from matching.engine.scoring import _Assessment, _explain, _motivation_fit
from matching.engine.weights import FACTOR_WEIGHTS


def _assess(prepared, offer, org, today, side="volunteer"):
    """An _Assessment, or a tuple of failed hard-constraint codes. On the trip's side the
    physician's private budget is not used (the cost factor is neutral)."""
    volunteer = prepared.profile
    codes = hard_constraints(volunteer, offer, today, prepared)
    if codes:
        return codes
    a = _Assessment()
    a.offer, a.org = offer, org
    a.specialties = _open_specialties(volunteer, offer)
    a.proficiency, a.language_code = _best_language(prepared, offer)
    checks = dict(org.checks)
    checks.update(_trip_checks(offer, a.proficiency))
    a.checks = checks
    fit, a.strengths = _motivation_fit(prepared, checks)

    specialty = w.SPECIALTY_PRIMARY if a.specialties[0] == volunteer.primary_specialty_id else w.SPECIALTY_SECONDARY
    if not offer.languages:
        language = 1.0
    elif a.proficiency >= vocabulary.USEFUL_PROFICIENCY:
        language = w.LANGUAGE_USEFUL
    elif a.proficiency:
        language = w.LANGUAGE_BASIC
    else:
        language = 0.0
    a.coverage = _covered_days(prepared, offer) / ((offer.end - offer.start).days + 1)
    a.country_preferred = offer.country in prepared.countries
    a.region_preferred = offer.country in prepared.region_countries
    if prepared.no_place_preference:
        region = w.NEUTRAL
    elif a.country_preferred:
        region = w.REGION_COUNTRY
    elif a.region_preferred:
        region = w.REGION_REGION
    else:
        region = 0.0
    a.over_budget = 0
    if side == "trip":
        cost = w.TRIP_SIDE_COST
    elif volunteer.max_budget_usd is None:
        cost = w.NEUTRAL
    elif offer.cost_usd <= volunteer.max_budget_usd:
        cost = 1.0
    else:
        cost = 0.0
        a.over_budget = offer.cost_usd - volunteer.max_budget_usd
    a.scores = (
        ("motivation_fit", fit),
        ("organization_quality", org.quality),
        ("specialty", specialty),
        ("language", language),
        ("dates", a.coverage),
        ("region", region),
        ("cost", cost),
    )
    a.total = shown_total(sum(w.FACTOR_WEIGHTS[key] * max(0.0, min(1.0, score)) for key, score in a.scores))
    return a


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
