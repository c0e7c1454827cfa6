"""Work done once per volunteer and once per organization, before any trip is compared:
merged availability, best proficiency per language, motivation weights and the leaning
towards adventure or new skills; an organization's indices and its evidence checks."""

from functools import lru_cache

import vocabulary

from . import weights as w
from .indices import (
    below_evidence_floor,
    local_education_index,
    organization_quality,
    preparation_index,
    sustainability_index,
    years_active_share,
)

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
