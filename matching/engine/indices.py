"""Organization quality: a sustainability, a local-education and a preparation index, 0-100 each.

Points tables live in weights.py. Both are cached per organization: the same evidence
always gives the same index, and a ranking reuses it across that organization's trips.
"""

from functools import lru_cache

import vocabulary

from . import weights as w


def _scaled(value, full):
    return max(0.0, min(1.0, value / full)) if full else 0.0


def stated(value, prior):
    """A declared count, or the documented prior when it is not stated (None)."""
    return prior if value is None else value


def local_staff_share(org):
    return _scaled(stated(org.local_staff_employed, w.LOCAL_STAFF_NOT_STATED), w.LOCAL_STAFF_FULL)


def years_active_share(org):
    return _scaled(stated(org.years_active_in_community, w.YEARS_ACTIVE_NOT_STATED), w.YEARS_ACTIVE_FULL)


@lru_cache(maxsize=65536)
def declared_sustainability_points(org):
    """Points earned from the organization's declared evidence (0-100)."""
    p = w.SUSTAINABILITY_POINTS
    points = 0.0
    points += p["runs_year_round_facility"] * org.runs_year_round_facility
    points += p["has_follow_up_plan"] * org.has_follow_up_plan
    points += p["hands_records_to_local_providers"] * org.hands_records_to_local_providers
    points += p["local_staff_employed"] * local_staff_share(org)
    points += p["years_active_in_community"] * years_active_share(org)
    points += p["needs_assessment_with_local_leaders"] * org.needs_assessment_with_local_leaders
    points += p["local_partner"] * bool(org.local_partner_names)
    if org.publishes_fee_breakdown:
        points += 3 + (2 if org.share_of_fees_to_local_care is not None else 0)
    return points


def outcome_score(org):
    """0-100 from reviews and reports, or None without outcome data."""
    rates = [r for r in (org.follow_up_confirmed_rate, org.local_staff_involved_rate) if r is not None]
    if not rates:
        return None
    return 100.0 * sum(max(0.0, min(1.0, r)) for r in rates) / len(rates)


@lru_cache(maxsize=65536)
def sustainability_index(org):
    """0-100: how well care continues after volunteers leave."""
    declared = declared_sustainability_points(org)
    outcomes = outcome_score(org)
    if outcomes is not None:
        declared = (1 - w.OUTCOME_BLEND) * declared + w.OUTCOME_BLEND * outcomes
    return int(round(max(0.0, min(100.0, declared))))


@lru_cache(maxsize=65536)
def local_education_index(org):
    """0-100: how much lasting teaching of local providers the organization does."""
    p = w.EDUCATION_POINTS
    points = 0.0
    points += p["trains_local_staff"] * org.trains_local_staff
    points += (
        p["frequency"] * w.TRAINING_FREQUENCY_SHARE.get(org.local_training_frequency, 0.0) * org.trains_local_staff
    )
    points += p["has_local_curriculum"] * org.has_local_curriculum
    points += p["mentors_local_clinicians"] * org.mentors_local_clinicians
    points += p["audience"] * w.EDUCATION_AUDIENCE_SHARE.get(org.education_audience, 0.0)
    return int(round(max(0.0, min(100.0, points))))


@lru_cache(maxsize=65536)
def preparation_index(org):
    """0-100: how well the organization prepares its volunteers (weights.PREPARATION_POINTS)."""
    return int(round(sum(points * bool(getattr(org, name)) for name, points in w.PREPARATION_POINTS.items())))


def declared_evidence(org):
    """0-100: the three indices in weights.QUALITY_SHARES, before the scorecard."""
    q = w.QUALITY_SHARES
    return (
        q["sustainability"] * sustainability_index(org)
        + q["education"] * local_education_index(org)
        + q["preparation"] * preparation_index(org)
    )


def below_evidence_floor(org):
    """Whether the organization has so little declared evidence that its trips carry the
    "little evidence yet" watch-out and the fixed penalty (weights.EVIDENCE_FLOOR)."""
    return declared_evidence(org) < w.EVIDENCE_FLOOR


def scorecard_summary(org):
    """(score 0-100 over judged items or None, share of the scorecard judged 0..1)."""
    scores = [vocabulary.SCORECARD_STATUS_SCORE.get(status) for _item, status in org.scorecard]
    judged = [score for score in scores if score is not None]
    if not judged:
        return None, 0.0
    return 100.0 * sum(judged) / len(judged), len(judged) / len(vocabulary.SCORECARD_ITEM_KEYS)


@lru_cache(maxsize=65536)
def organization_quality(org):
    """0..1: declared indices blended with the vetting team's scorecard."""
    declared = declared_evidence(org) / 100
    score, coverage = scorecard_summary(org)
    if score is None:
        return declared
    share = w.SCORECARD_BLEND * coverage
    return (1 - share) * declared + share * score / 100
