"""Every number the engine uses, in one place, with the reasoning.

Total score (0-100) = Σ factor weight × factor score (0..1).
"""

import vocabulary

# --- Factor weights (sum to 100) ---------------------------------------------
# Fit of motivations and the organization's quality outweigh logistics: a trip whose
# care does not continue is a poor match however convenient its dates.
FACTOR_WEIGHTS = {
    "motivation_fit": 35,
    "organization_quality": 25,
    "specialty": 10,
    "language": 10,
    "dates": 10,
    "region": 5,
    "cost": 5,
}
FACTOR_LABELS = {
    "motivation_fit": "Motivation fit",
    "organization_quality": "Organization quality",
    "specialty": "Specialty needed",
    "language": "Language",
    "dates": "Dates",
    "region": "Region",
    "cost": "Cost",
}
assert sum(FACTOR_WEIGHTS.values()) == 100

# Scores used when the volunteer has expressed no preference: neither reward nor penalty.
NEUTRAL = 0.5

# The cost factor on the trip's side (ranking physicians for an organization): a
# physician's budget is private, so it neither shows in the explanation nor moves the
# ranking; every physician gets the same neutral score there.
TRIP_SIDE_COST = NEUTRAL

SPECIALTY_PRIMARY = 1.0  # the trip needs the volunteer's primary specialty
SPECIALTY_SECONDARY = 0.7  # only one of their other specialties
LANGUAGE_USEFUL = 1.0  # conversational or fluent in a trip language
LANGUAGE_BASIC = 0.4  # basic only: needs an interpreter for histories
REGION_COUNTRY = 1.0
REGION_REGION = 0.8

# Dates: partial overlap is kept but scored by the share of trip days covered, with a
# watch-out; a trip the volunteer cannot attend at all is a hard exclusion. We keep
# partial overlaps because many volunteers can stretch a window once they see a fit.

# --- Sustainability index (0-100 points) ---------------------------------------
# Declared evidence, then blended with outcomes once reviews or reports exist.
SUSTAINABILITY_POINTS = {
    "runs_year_round_facility": 25,
    "has_follow_up_plan": 20,
    "hands_records_to_local_providers": 10,
    "local_staff_employed": 10,  # scaled: full at LOCAL_STAFF_FULL staff
    "years_active_in_community": 10,  # scaled: full at YEARS_ACTIVE_FULL years
    "needs_assessment_with_local_leaders": 10,
    "local_partner": 10,
    "fee_transparency": 5,  # 3 for a published breakdown, +2 when the local share is stated
}
assert sum(SUSTAINABILITY_POINTS.values()) == 100
LOCAL_STAFF_FULL = 10
YEARS_ACTIVE_FULL = 10
# Share of the index taken by outcomes (reviews confirming follow-up happened and
# local staff were involved) once there are any.
OUTCOME_BLEND = 0.2

# --- Local-education index (0-100 points) ----------------------------------------
EDUCATION_POINTS = {
    "trains_local_staff": 30,
    "frequency": 20,  # by vocabulary.TRAINING_* below
    "has_local_curriculum": 20,
    "mentors_local_clinicians": 15,
    "audience": 15,  # by vocabulary.EDUCATION_* below
}
assert sum(EDUCATION_POINTS.values()) == 100
TRAINING_FREQUENCY_SHARE = {
    vocabulary.TRAINING_NONE: 0.0,
    vocabulary.TRAINING_OCCASIONAL: 0.35,
    vocabulary.TRAINING_EACH_TRIP: 0.7,
    vocabulary.TRAINING_YEAR_ROUND: 1.0,
}
EDUCATION_AUDIENCE_SHARE = {
    vocabulary.EDUCATION_LOCAL: 1.0,
    vocabulary.EDUCATION_MIXED: 0.6,
    vocabulary.EDUCATION_VOLUNTEERS: 0.0,  # teaches visitors: leaves nothing behind
    vocabulary.EDUCATION_NONE: 0.0,
}

# --- Motivation fit -------------------------------------------------------------
# Which evidence serves which motivation, and how much (shares sum to 1 per motivation).
# Each check is a function name in scoring.py returning 0..1 for (volunteer, offer).
MOTIVATION_EVIDENCE = {
    vocabulary.TEACHING: (
        ("trains_local_staff", 0.45),
        ("local_curriculum", 0.3),
        ("mentorship", 0.25),
    ),
    vocabulary.CONTINUITY: (
        ("year_round_facility", 0.35),
        ("follow_up_plan", 0.3),
        ("records_handoff", 0.15),
        ("years_active", 0.2),
    ),
    vocabulary.UNDERSERVED: (
        ("needs_assessment", 0.4),
        ("local_partner", 0.35),
        ("fee_transparency", 0.25),
    ),
    vocabulary.RENEWAL: (
        ("self_care_support", 0.6),
        ("predeparture_briefing", 0.4),
    ),
    vocabulary.FAITH: (("faith_based", 1.0),),
    vocabulary.GROWTH: (
        ("supervision", 0.6),
        ("mentorship", 0.4),
    ),
    vocabulary.IMMERSION: (
        ("cultural_orientation", 0.5),
        ("language_match", 0.5),
    ),
    # Adventure is served by travelling safely: a protocol and evacuation cover.
    vocabulary.ADVENTURE: (
        ("safety_protocol", 0.5),
        ("evacuation_insurance", 0.5),
    ),
}
for _motivation, _checks in MOTIVATION_EVIDENCE.items():
    assert abs(sum(share for _name, share in _checks) - 1.0) < 1e-9, _motivation
assert set(MOTIVATION_EVIDENCE) == set(vocabulary.MOTIVATION_KEYS)

MAX_REASONS = 5

# --- Ethics scorecard ---------------------------------------------------------------
# Organization quality = mean of the two declared indices, blended with the scorecard
# our vetting team judged. Verified judgements count more than declarations: with the
# whole scorecard judged they make SCORECARD_BLEND (60%) of the factor; with part of it
# judged, proportionally less. Unknown items are left out, not counted as failures.
SCORECARD_BLEND = 0.6

# --- Motivation honesty ----------------------------------------------------------------
# When adventure or gaining new skills weigh most (either at the top weight, or the two
# together at least LEANING_THRESHOLD), we do not penalise the volunteer; we add a
# safeguard motivation so that supervision and care led by local staff count for more,
# and the pages point kindly to our preparation material.
LEANING_THRESHOLD = 4
SAFEGUARD_WEIGHT = 2
SAFEGUARD_EVIDENCE = (
    ("supervision", 0.5),
    ("trains_local_staff", 0.25),
    ("follow_up_plan", 0.25),
)
assert abs(sum(share for _name, share in SAFEGUARD_EVIDENCE) - 1.0) < 1e-9

# --- Spread (congestion) ----------------------------------------------------------------
# A small term that ranks trips already heavily applied for a little lower and trips that
# still need people a little higher. It moves a total by at most ±SPREAD_POINTS / 2, so two
# trips whose totals differ by more than SPREAD_POINTS never swap, and it never touches a
# hard constraint. A trip's need is 1 with no active application yet, falling linearly to
# 0 at SPREAD_SATURATION active applications per open place (more counts as 0). Inputs
# are refreshed on a schedule (every few minutes), not on every application.
SPREAD_POINTS = 2.0
SPREAD_SATURATION = 2.0
