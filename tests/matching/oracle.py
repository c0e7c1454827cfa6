"""The scalar reference for the vectorised engine: one pair at a time, in plain Python.

It reads the engine's per-pair path (`_assess`, still the trip side's scorer) so that
any change to the scoring rules is a change to this reference too. The vectorised
ranking must give the same scores (to 1e-9) and the same order: best total first (as
shown, rounded to one decimal), then the earlier start date, then the lower trip id."""

from matching.engine.scoring import _assess, _explain, _Organization, _Volunteer
from matching.engine.weights import FACTOR_WEIGHTS


def raw_total(assessment):
    """The unrounded total of an `_Assessment`: the sum of its factor contributions, less the
    evidence-floor penalty, plus the spread term, within 0-100."""
    raw = sum(FACTOR_WEIGHTS[key] * max(0.0, min(1.0, score)) for key, score in assessment.scores)
    return max(0.0, min(100.0, raw - assessment.penalty + assessment.spread))


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
