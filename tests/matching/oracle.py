"""The scalar reference for the vectorised engine: one pair at a time, in plain Python.

It reads the engine's per-pair path (`_assess`, still the trip side's scorer) so that
any change to the scoring rules is a change to this reference too. The vectorised
ranking must give the same scores (to 1e-9) and the same order: best total first (as
shown, rounded to one decimal), then the earlier start date, then the lower trip id."""

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
