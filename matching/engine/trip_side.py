"""Ranking volunteers for a trip: the organization's side of the engine.

`rank_volunteers_lazily` scores every eligible physician and explains only the ones
someone reads; `rank_applicants_of_trips` orders a match round's applicants for many
trips at once, ids only, from the volunteer-independent half of each trip computed once.
"""

import vocabulary

from . import weights as w
from .checks import _outside_scope, _trip_checks, _unlicensed_without_supervision, excluded_over_budget
from .preparation import _Organization, _Volunteer
from .scores import adjusted_total, shown_total
from .scoring import _assess, _explain


class _LazilyExplained:
    """A ranked sequence whose items are explained only when someone reads them. Supports
    len() and slicing, so Django's Paginator and DRF's pagination work on it unchanged."""

    def __init__(self, ranked):
        self._ranked = ranked
        self._explained = {}

    def _explain_item(self, item):
        raise NotImplementedError

    def __len__(self):
        return len(self._ranked)

    def _match(self, index):
        if index not in self._explained:
            self._explained[index] = self._explain_item(self._ranked[index])
        return self._explained[index]

    def __getitem__(self, key):
        if isinstance(key, slice):
            return [self._match(i) for i in range(*key.indices(len(self)))]
        if key < 0:
            key += len(self)
        if not 0 <= key < len(self):
            raise IndexError(key)
        return self._match(key)

    def __iter__(self):
        return (self._match(i) for i in range(len(self)))


class RankedVolunteers(_LazilyExplained):
    """The trip's side of RankedTrips: every eligible physician scored and ordered, with
    explanations written only for the items someone reads."""

    def _explain_item(self, item):
        prepared, assessment = item
        return _explain(prepared, assessment, "trip")

    def volunteer_ids(self):
        return [prepared.profile.id for prepared, _a in self._ranked]


def rank_volunteers_lazily(offer, volunteers, *, today):
    """Every eligible volunteer for a trip, best first (ties by volunteer id), as a
    RankedVolunteers sequence that writes explanations on demand."""
    org = _Organization(offer.organization)
    assessed = []
    for volunteer in volunteers:
        prepared = _Volunteer(volunteer)
        result = _assess(prepared, offer, org, today, "trip")
        if not isinstance(result, tuple):
            assessed.append((prepared, result))
    assessed.sort(key=lambda pair: (-pair[1].total, pair[0].profile.id))
    return RankedVolunteers(assessed)


class _TripSide:
    """What ranking volunteers for one trip needs from the trip, computed once per trip:
    the volunteer-independent half of `_assess` on the trip's side."""

    __slots__ = (
        "offer",
        "closed",
        "open_specialties",
        "start",
        "end",
        "days",
        "quality_term",
        "cost_term",
        "penalty",
        "motivation_satisfaction",
    )

    def __init__(self, offer, org, today):
        self.offer = offer
        # The hard constraints that do not depend on the volunteer.
        self.closed = not offer.organization.is_verified or not offer.is_open or today > offer.application_deadline
        self.open_specialties = frozenset(sid for sid, left in offer.open_places if left > 0)
        self.start, self.end = offer.start.toordinal(), offer.end.toordinal()
        self.days = (offer.end - offer.start).days + 1
        self.quality_term = _factor_term("organization_quality", org.quality)
        self.cost_term = _factor_term("cost", w.TRIP_SIDE_COST)
        self.penalty = org.penalty
        # A motivation's satisfaction depends on the checks alone, and the checks on the
        # volunteer only through their best trip language: one table per proficiency.
        self.motivation_satisfaction = {}
        for proficiency in (0, vocabulary.BASIC, vocabulary.USEFUL_PROFICIENCY):
            checks = dict(org.checks)
            checks.update(_trip_checks(offer, proficiency))
            satisfaction = {}
            for motivation, evidence in w.MOTIVATION_EVIDENCE.items():
                value_sum = 0.0
                for check, share in evidence:
                    value = checks[check]
                    if value > 0:
                        value_sum += share * value
                satisfaction[motivation] = value_sum
            safeguard = sum(share * checks[check] for check, share in w.SAFEGUARD_EVIDENCE)
            self.motivation_satisfaction[_language_class(proficiency)] = (satisfaction, safeguard)


def _language_class(proficiency):
    """The three values the language check takes (see `_trip_checks`)."""
    if proficiency >= vocabulary.USEFUL_PROFICIENCY:
        return 2
    return 1 if proficiency else 0


def _factor_term(key, score):
    return w.FACTOR_WEIGHTS[key] * max(0.0, min(1.0, score))


def _trip_side_total(prepared, trip):
    """The total `_assess(prepared, trip.offer, org, today, "trip")` gives, or None where it
    gives an exclusion. The same float operations in the same order, so the same number to
    the last bit (a test compares the two on generated pairs); it only skips the reasons'
    bookkeeping and the work `_TripSide` did once for the trip."""
    volunteer, offer = prepared.profile, trip.offer
    if trip.closed or trip.open_specialties.isdisjoint(volunteer.specialty_ids):
        return None
    days = 0
    trip_start, trip_end = trip.start, trip.end
    for start, end in prepared.windows:
        overlap = (end if end < trip_end else trip_end) - (start if start > trip_start else trip_start) + 1
        if overlap > 0:
            days += overlap
    if (
        days == 0
        or _outside_scope(volunteer, offer)
        or _unlicensed_without_supervision(volunteer, offer)
        or excluded_over_budget(volunteer, offer)
    ):
        return None
    # `_best_language` keeps the highest positive proficiency among the trip's languages.
    proficiency = 0
    for code in offer.languages:
        known = prepared.languages.get(code, 0)
        if known > proficiency:
            proficiency = known
    language_class = _language_class(proficiency)
    if not prepared.weighted:
        fit = w.NEUTRAL
    else:
        satisfaction, safeguard = trip.motivation_satisfaction[language_class]
        weighted = 0.0
        for motivation, weight in prepared.weights.items():
            weighted += weight * satisfaction.get(motivation, 0.0)
        if prepared.leaning:
            weighted += w.SAFEGUARD_WEIGHT * safeguard
        fit = weighted / prepared.weighted
    primary = volunteer.primary_specialty_id
    if primary in trip.open_specialties and primary in volunteer.specialty_ids:
        specialty = _SPECIALTY_PRIMARY_TERM
    else:
        specialty = _SPECIALTY_SECONDARY_TERM
    if not offer.languages:
        language = _LANGUAGE_TERMS[None]
    else:
        language = _LANGUAGE_TERMS[language_class]
    if prepared.no_place_preference:
        region = _REGION_NEUTRAL_TERM
    elif offer.country in prepared.countries:
        region = _REGION_COUNTRY_TERM
    elif offer.country in prepared.region_countries:
        region = _REGION_REGION_TERM
    else:
        region = _REGION_ELSEWHERE_TERM
    terms = (
        _factor_term("motivation_fit", fit),
        trip.quality_term,
        specialty,
        language,
        _factor_term("dates", days / trip.days),
        region,
        trip.cost_term,
    )
    return shown_total(float(adjusted_total(sum(terms), trip.penalty, 0.0)))


# The terms that take only a few values, computed once (the same floats `_assess` gets).
_SPECIALTY_PRIMARY_TERM = _factor_term("specialty", w.SPECIALTY_PRIMARY)
_SPECIALTY_SECONDARY_TERM = _factor_term("specialty", w.SPECIALTY_SECONDARY)
_LANGUAGE_TERMS = {
    None: _factor_term("language", 1.0),  # the trip names no language
    2: _factor_term("language", w.LANGUAGE_USEFUL),
    1: _factor_term("language", w.LANGUAGE_BASIC),
    0: _factor_term("language", 0.0),
}
_REGION_NEUTRAL_TERM = _factor_term("region", w.NEUTRAL)
_REGION_COUNTRY_TERM = _factor_term("region", w.REGION_COUNTRY)
_REGION_REGION_TERM = _factor_term("region", w.REGION_REGION)
_REGION_ELSEWHERE_TERM = _factor_term("region", 0.0)


def rank_applicants_of_trips(applicants_by_offer, *, today):
    """The reverse ranking for many trips at once, ids only: {trip id: [volunteer id, best
    first]} for (offer, volunteers) pairs, in exactly `rank_volunteers_lazily`'s order.
    Each volunteer is prepared once however many of the trips they applied to, each trip
    once however many applied, and no explanation is prepared (a match round orders
    hundreds of thousands of applications)."""
    prepared = {}
    organizations = {}
    order = {}
    for offer, volunteers in applicants_by_offer:
        org = organizations.get(offer.organization)
        if org is None:
            org = organizations[offer.organization] = _Organization(offer.organization)
        trip = _TripSide(offer, org, today)
        scored = []
        for volunteer in volunteers:
            one = prepared.get(volunteer.id)
            if one is None:
                one = prepared[volunteer.id] = _Volunteer(volunteer)
            total = _trip_side_total(one, trip)
            if total is not None:
                scored.append((-total, one.profile.id))
        scored.sort()
        order[offer.id] = [volunteer_id for _total, volunteer_id in scored]
    return order


def rank_volunteers_for_trip(offer, volunteers, *, today, limit=None):
    """Matches for one trip, best volunteer first; ties by volunteer id."""
    ranked = rank_volunteers_lazily(offer, volunteers, today=today)
    return ranked[:limit] if limit is not None else list(ranked)
