"""What both rankings share, one pair at a time: the motivation fit, a pair's assessment and
its explanation (a Match with reasons and watch-outs chosen in `explanations`). A total is
the seven factors less the evidence floor's penalty, with the spread term on the
volunteer's side (`scores.raw_totals`).

Hard constraints are in `checks`; all trips at once for a volunteer in `ranking`, all
volunteers at once for a trip in `volunteer_ranking`; one pair in `evaluation`.
"""

from . import explanations as e
from . import weights as w
from .checks import _best_language, _open_specialties, _trip_checks
from .scores import FACTORS
from .types import FactorScore, Match


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


def _pair_assessment(prepared, offer, org, scores):
    """The part of one pair's `_Assessment` that either side's ranking fills the same way,
    from the prepared volunteer, the trip's offer and organization, and the pair's factor
    values (`scores`, an array in FACTORS order) as the ranking computed them."""
    a = _Assessment()
    a.offer, a.org = offer, org
    a.specialties = _open_specialties(prepared.profile, offer)
    a.proficiency, a.language_code = _best_language(prepared, offer)
    checks = dict(org.checks)
    checks.update(_trip_checks(offer, a.proficiency))
    a.checks = checks
    _fit, a.strengths = _motivation_fit(prepared, checks)
    a.coverage = float(scores[FACTORS.index("dates")])
    a.country_preferred = offer.country in prepared.countries
    a.region_preferred = offer.country in prepared.region_countries
    a.scores = tuple(zip(FACTORS, scores.tolist(), strict=True))
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
