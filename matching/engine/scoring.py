"""What both rankings share, one pair at a time: the motivation fit, a pair's assessment and
its explanation (a Match with reasons and watch-outs chosen in `explanations`).

Hard constraints are in `checks`; all trips at once for a volunteer in `ranking`, all
volunteers at once for a trip in `volunteer_ranking`; one pair in `evaluation`.
"""

from . import explanations as e
from . import weights as w
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
