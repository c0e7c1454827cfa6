"""Scoring one volunteer against one trip: what both rankings share, one pair at a time.

Hard constraints exclude; everything else is a weighted factor, explained by reasons and
watch-outs chosen in `explanations`. Pure functions of their inputs (and `today`), so the same input always
gives the same output.
"""

from functools import lru_cache

import vocabulary

from . import explanations as e
from . import weights as w
from .indices import local_education_index, organization_quality, sustainability_index
from .types import FactorScore, Match

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

    __slots__ = ("sustainability", "education", "checks", "quality")

    def __init__(self, org):
        self.sustainability = sustainability_index(org)
        self.education = local_education_index(org)
        self.quality = organization_quality(org)
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
    return tuple(codes)


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
        "years_active": min(1.0, org.years_active_in_community / w.YEARS_ACTIVE_FULL),
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
        "total",
    )


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
    )
