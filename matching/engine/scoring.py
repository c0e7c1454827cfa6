"""Scoring one volunteer against one trip, and ranking in both directions.

Hard constraints exclude; everything else is a weighted factor, explained by reasons and
watch-outs chosen in `explanations`. Pure functions of their inputs (and `today`), so the same input always
gives the same output.
"""

from functools import lru_cache

import vocabulary

from . import explanations as e
from . import weights as w
from .indices import (
    below_evidence_floor,
    local_education_index,
    organization_quality,
    preparation_index,
    sustainability_index,
    years_active_share,
)
from .scores import adjusted_total, graded_cost, shown_total
from .spread import spread_points
from .types import Exclusion, FactorScore, Match

# --- Preparation: work done once per volunteer and once per organization -------------


_OTHER_MOTIVATIONS = tuple(k for k in vocabulary.MOTIVATION_KEYS if k not in (vocabulary.ADVENTURE, vocabulary.GROWTH))


def leans_on_adventure_or_skills(volunteer):
    """Whether a volunteer's motivations lean on adventure or on gaining skills: either is
    their strongest motivation at the top weight, or the two together reach the threshold."""
    weights = {}
    for key, value in volunteer.motivation_weights:
        weights.setdefault(key, value)  # the first, as `VolunteerProfile.weight` reads
    adventure, growth = weights.get(vocabulary.ADVENTURE, 0), weights.get(vocabulary.GROWTH, 0)
    others = max((weights.get(k, 0) for k in _OTHER_MOTIVATIONS), default=0)
    top = max(adventure, growth)
    return (top == vocabulary.MOTIVATION_WEIGHT_MAX and top > others) or adventure + growth >= w.LEANING_THRESHOLD


class _Volunteer:
    """Volunteer-side facts every trip comparison needs, computed once per ranking."""

    __slots__ = (
        "profile",
        "specialties",
        "windows",
        "languages",
        "weights",
        "leaning",
        "weighted",
        "countries",
        "region_countries",
        "no_place_preference",
    )

    def __init__(self, volunteer):
        self.profile = volunteer
        self.specialties = volunteer.specialty_ids
        # Merge availability windows into disjoint ordinal ranges.
        merged = []
        for window in sorted(volunteer.availability, key=lambda w_: w_.start):
            start, end = window.start.toordinal(), window.end.toordinal()
            if merged and start <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.windows = tuple((a, b) for a, b in merged)
        self.languages = {}
        for skill in volunteer.languages:
            self.languages[skill.code] = max(skill.proficiency, self.languages.get(skill.code, 0))
        self.weights = {key: value for key, value in volunteer.motivation_weights if value > 0}
        self.leaning = leans_on_adventure_or_skills(volunteer)
        self.weighted = sum(self.weights.values()) + (w.SAFEGUARD_WEIGHT if self.leaning else 0)
        self.countries = volunteer.preferred_countries
        self.region_countries = _countries_of_regions(volunteer.preferred_regions)
        self.no_place_preference = not volunteer.preferred_countries and not volunteer.preferred_regions


@lru_cache(maxsize=1024)
def _countries_of_regions(regions):
    """The countries of a set of preferred regions (a few hundred distinct sets at most)."""
    return frozenset().union(*(vocabulary.REGIONS[r][1] for r in regions if r in vocabulary.REGIONS))


class _Organization:
    """Organization-side facts: indices and evidence checks, computed once per organization."""

    __slots__ = ("sustainability", "education", "preparation", "checks", "quality", "little_evidence", "penalty")

    def __init__(self, org):
        self.sustainability = sustainability_index(org)
        self.education = local_education_index(org)
        self.preparation = preparation_index(org)
        self.quality = organization_quality(org)
        self.little_evidence = below_evidence_floor(org)
        self.penalty = float(w.EVIDENCE_FLOOR_PENALTY) if self.little_evidence else 0.0
        checks = dict(_organization_checks(org))
        # Teaching that targets volunteers rather than local staff does not build local capacity.
        if org.education_audience == vocabulary.EDUCATION_VOLUNTEERS:
            checks["trains_local_staff"] *= 0.3
            checks["local_curriculum"] *= 0.3
        self.checks = checks


# --- Hard constraints -------------------------------------------------------------


def _open_specialties(volunteer, offer):
    """The volunteer's specialties with places left on the trip, primary first."""
    matched = [sid for sid, left in offer.open_places if left > 0 and sid in volunteer.specialty_ids]
    matched.sort(key=lambda sid: (sid != volunteer.primary_specialty_id, sid))
    return tuple(matched)


def _covered_days(prepared, offer):
    """Trip days inside the volunteer's (merged) availability windows."""
    trip_start, trip_end = offer.start.toordinal(), offer.end.toordinal()
    days = 0
    for start, end in prepared.windows:
        overlap = min(end, trip_end) - max(start, trip_start) + 1
        if overlap > 0:
            days += overlap
    return days


def _is_trainee(volunteer):
    return volunteer.training_level in (vocabulary.STUDENT, vocabulary.RESIDENT)


def _lacks_active_licence(volunteer):
    """No full, active licence: none yet, a training licence, or one that lapsed."""
    return volunteer.licence_status != vocabulary.LICENCE_ACTIVE


def _outside_scope(volunteer, offer):
    """Whether the volunteer would practise beyond their training level on the trip: it does
    not accept their level, or a student or resident would work unsupervised."""
    if offer.accepted_training_levels and volunteer.training_level not in offer.accepted_training_levels:
        return True
    return _is_trainee(volunteer) and not offer.supervision_provided


def _unlicensed_without_supervision(volunteer, offer):
    """Whatever their training level, without an active licence a physician practises only under supervision."""
    return _lacks_active_licence(volunteer) and not offer.supervision_provided


def scope_of_practice_codes(volunteer, offer):
    """Codes of the scope-of-practice constraints a pair fails. Reads only the volunteer's
    `training_level` and `licence_status` and the offer's `supervision_provided` and
    `accepted_training_levels`, so applying and round preferences check a physician and a
    trip (model instances carry the same names) by the very rule matching filters with."""
    codes = []
    if _outside_scope(volunteer, offer):
        codes.append(e.OUTSIDE_SCOPE_OF_PRACTICE)
    if _unlicensed_without_supervision(volunteer, offer):
        codes.append(e.NO_ACTIVE_LICENCE_UNSUPERVISED)
    return tuple(codes)


def hard_constraints(volunteer, offer, today, prepared=None):
    """Codes of the hard constraints this pair fails (empty tuple: may be ranked)."""
    prepared = prepared or _Volunteer(volunteer)
    codes = []
    if not offer.organization.is_verified:
        codes.append(e.ORGANIZATION_NOT_VERIFIED)
    if not offer.is_open:
        codes.append(e.TRIP_NOT_OPEN)
    if today > offer.application_deadline:
        codes.append(e.DEADLINE_PASSED)
    if not _open_specialties(volunteer, offer):
        codes.append(e.NO_PLACES_FOR_SPECIALTY)
    if _covered_days(prepared, offer) == 0:
        codes.append(e.NO_DATE_OVERLAP)
    codes.extend(scope_of_practice_codes(volunteer, offer))
    if excluded_over_budget(volunteer, offer):
        codes.append(e.OVER_BUDGET_EXCLUDED)
    return tuple(codes)


def excluded_over_budget(volunteer, offer):
    """The physician's own hard limit: "never show me trips over my budget"."""
    budget = volunteer.max_budget_usd
    return volunteer.never_over_budget and budget is not None and offer.cost_usd > budget


# --- Evidence checks for motivation fit (0..1 each) ---------------------------------


def _best_language(prepared, offer):
    """(proficiency, code) of the volunteer's best trip language, or (0, None)."""
    best = (0, None)
    for code in offer.languages:
        proficiency = prepared.languages.get(code, 0)
        if proficiency and (proficiency, code) > best:
            best = (proficiency, code)
    return best


@lru_cache(maxsize=65536)
def _organization_checks(org):
    """Checks that depend only on the organization, computed once per organization."""
    return {
        "trains_local_staff": float(org.trains_local_staff),
        "local_curriculum": float(org.has_local_curriculum),
        "mentorship": float(org.mentors_local_clinicians),
        "year_round_facility": float(org.runs_year_round_facility),
        "records_handoff": float(org.hands_records_to_local_providers),
        "years_active": years_active_share(org),
        "needs_assessment": float(org.needs_assessment_with_local_leaders),
        "local_partner": float(bool(org.local_partner_names)),
        "fee_transparency": (0.6 + 0.4 * (org.share_of_fees_to_local_care is not None))
        if org.publishes_fee_breakdown
        else 0.0,
        "self_care_support": float(org.offers_self_care_support),
        "predeparture_briefing": float(org.offers_predeparture_briefing),
        "faith_based": float(org.is_faith_based),
        "cultural_orientation": float(org.offers_cultural_orientation),
        "safety_protocol": float(org.has_safety_protocol),
        "evacuation_insurance": float(org.provides_evacuation_insurance),
    }


def _trip_checks(offer, proficiency):
    """The checks that depend on the trip or on the pair, not only on the organization."""
    return {
        "follow_up_plan": 1.0 if (offer.organization.has_follow_up_plan or offer.has_continuity_plan) else 0.0,
        "supervision": float(offer.supervision_provided),
        "fills_cover_gap": float(offer.fills_cover_gap),
        "language_match": 1.0
        if proficiency >= vocabulary.USEFUL_PROFICIENCY
        else (w.LANGUAGE_BASIC if proficiency else 0.0),
    }


def evidence_checks(volunteer, offer):
    """Every named check of weights.MOTIVATION_EVIDENCE for this pair."""
    prepared = _Volunteer(volunteer)
    checks = dict(_Organization(offer.organization).checks)
    checks.update(_trip_checks(offer, _best_language(prepared, offer)[0]))
    return checks


# --- Evaluation ---------------------------------------------------------------------


def _factor(key, score):
    weight = w.FACTOR_WEIGHTS[key]
    score = max(0.0, min(1.0, score))
    return FactorScore(key=key, weight=weight, score=score, contribution=weight * score)


def _motivation_fit(prepared, checks):
    """(fit 0..1, {check: strength}) — strength drives which reasons we show."""
    if not prepared.weighted:
        return w.NEUTRAL, {}
    weighted = 0.0
    strengths = {}
    for motivation, weight in prepared.weights.items():
        satisfaction = 0.0
        for check, share in w.MOTIVATION_EVIDENCE.get(motivation, ()):
            value = checks[check]
            if value > 0:
                satisfaction += share * value
                strengths[check] = strengths.get(check, 0.0) + weight * share * value
        weighted += weight * satisfaction
    if prepared.leaning:
        safeguard = sum(share * checks[check] for check, share in w.SAFEGUARD_EVIDENCE)
        weighted += w.SAFEGUARD_WEIGHT * safeguard
    return weighted / prepared.weighted, strengths


class _Assessment:
    """Everything computed for one eligible pair; the total comes from the factors alone,
    so the fast ranking path and the full explanation can never disagree."""

    __slots__ = (
        "offer",
        "org",
        "specialties",
        "checks",
        "strengths",
        "proficiency",
        "language_code",
        "coverage",
        "country_preferred",
        "region_preferred",
        "over_budget",
        "scores",
        "penalty",
        "spread",
        "total",
    )


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
    else:
        cost = float(graded_cost(offer.cost_usd, volunteer.max_budget_usd))
        a.over_budget = max(0, offer.cost_usd - volunteer.max_budget_usd)
    a.scores = (
        ("motivation_fit", fit),
        ("organization_quality", org.quality),
        ("specialty", specialty),
        ("language", language),
        ("dates", a.coverage),
        ("region", region),
        ("cost", cost),
    )
    a.penalty = org.penalty
    a.spread = float(spread_points(offer.spread_need)) if side == "volunteer" else 0.0
    raw = sum(w.FACTOR_WEIGHTS[key] * max(0.0, min(1.0, score)) for key, score in a.scores)
    a.total = shown_total(float(adjusted_total(raw, a.penalty, a.spread)))
    return a


def _explain(prepared, a, side):
    """The full Match with reasons and watch-outs (only for results people will read)."""
    volunteer, offer = prepared.profile, a.offer
    if side == "trip":
        reasons = e.trip_side_reasons(volunteer, offer, a)
        watch_outs = e.trip_side_watch_outs(volunteer, offer, a)
    else:
        reasons = e.volunteer_reasons(volunteer, offer, a)
        watch_outs = e.volunteer_watch_outs(offer, a)
    return Match(
        trip_id=offer.id,
        volunteer_id=volunteer.id,
        total=a.total,
        factors=tuple(_factor(key, score) for key, score in a.scores),
        reasons=reasons,
        watch_outs=watch_outs,
        specialty_ids=a.specialties,
        sustainability_index=a.org.sustainability,
        local_education_index=a.org.education,
        preparation_index=a.org.preparation,
    )


def evaluate(volunteer, offer, *, today, _side="volunteer"):
    """Score one pair: a Match, or an Exclusion naming every hard constraint it fails."""
    prepared = _Volunteer(volunteer)
    result = _assess(prepared, offer, _Organization(offer.organization), today, _side)
    if isinstance(result, tuple):
        return Exclusion(
            trip_id=offer.id,
            volunteer_id=volunteer.id,
            codes=result,
            reasons=e.exclusion_notes(result),
        )
    return _explain(prepared, result, _side)


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
