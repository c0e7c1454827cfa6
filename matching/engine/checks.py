"""What one volunteer and one trip are checked for: the hard constraints (which exclude)
and the evidence checks (0..1 each) that motivation fit weighs."""

import vocabulary

from . import explanations as e
from . import weights as w
from .preparation import _Organization, _Volunteer

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
