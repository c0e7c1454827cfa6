"""Scoring one volunteer against one trip: the seven factors, the total (less the evidence
floor's penalty, with the spread term) and the explanation.

Hard constraints exclude (`checks`); everything else is a weighted factor, explained by
reasons and watch-outs chosen in `explanations`. Pure functions of their inputs (and
`today`), so the same input always gives the same output. The trip's side (ranking
volunteers) is in `trip_side`; all trips at once for a volunteer in `ranking`.
"""

import vocabulary

from . import explanations as e
from . import weights as w
from .checks import _best_language, _covered_days, _open_specialties, _trip_checks, hard_constraints
from .preparation import _Organization, _Volunteer
from .scores import adjusted_total, graded_cost, shown_total
from .spread import spread_points
from .types import Exclusion, FactorScore, Match


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
    # The evidence floor's penalty, and on the volunteer's side the spread term, after the factors.
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
