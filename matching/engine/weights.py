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

# Cost: full marks within the budget, then halving for every COST_HALF_OVER of the budget
# the trip costs over it: 0.5 ** (over / budget / COST_HALF_OVER). $1 over costs almost
# nothing, 25% over half the factor, 50% over three quarters of it; with a budget of 0
# any cost over it scores 0. A physician may instead exclude every trip over budget
# (`VolunteerProfile.never_over_budget`, a hard constraint).
COST_HALF_OVER = 0.25

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
# "Not stated" (None) is not zero: it scores this prior, set at the low end of what
# organizations declare (at most the median declared value) so that hiding a count never
# pays against stating it honestly. A stated zero scores zero.
LOCAL_STAFF_NOT_STATED = 2
YEARS_ACTIVE_NOT_STATED = 2
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

# --- Preparation index (0-100 points) --------------------------------------------------
# How well the organization prepares volunteers: part of organization quality for everyone,
# not only for those motivated by renewal, immersion or adventure.
PREPARATION_POINTS = {
    "offers_cultural_orientation": 20,
    "offers_predeparture_briefing": 20,  # a briefing on local conditions
    "has_safety_protocol": 20,
    "offers_self_care_support": 15,  # self-care and debrief
    "provides_evacuation_insurance": 15,
    "offers_predeparture_training": 10,
}
assert sum(PREPARATION_POINTS.values()) == 100

# Organization quality from the declared evidence: the three indices in these shares.
QUALITY_SHARES = {"sustainability": 0.4, "education": 0.4, "preparation": 0.2}
assert abs(sum(QUALITY_SHARES.values()) - 1.0) < 1e-9

# --- Minimum-evidence floor ------------------------------------------------------------
# Below EVIDENCE_FLOOR points of declared evidence (the three indices in QUALITY_SHARES,
# 0-100) an organization's trips carry a "little evidence yet" watch-out and lose a fixed
# EVIDENCE_FLOOR_PENALTY points of the total (never below 0): logistics alone no longer
# carry a trip with nothing behind it.
EVIDENCE_FLOOR = 20
EVIDENCE_FLOOR_PENALTY = 10

# --- Motivation fit -------------------------------------------------------------
# Which evidence serves which motivation, and how much (shares sum to 1 per motivation).
# Each check is a name in the evidence checks (checks.py), 0..1 for (volunteer, offer).
MOTIVATION_EVIDENCE = {
    vocabulary.TEACHING: (
        ("trains_local_staff", 0.45),
        ("local_curriculum", 0.3),
        ("mentorship", 0.25),
    ),
    # A trip that fills a gap in the host's cover calendar keeps care going between trips.
    vocabulary.CONTINUITY: (
        ("year_round_facility", 0.35),
        ("follow_up_plan", 0.25),
        ("records_handoff", 0.15),
        ("years_active", 0.1),
        ("fills_cover_gap", 0.15),
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
# A small term that ranks trips already heavily applied for a little lower than trips that
# still need people: it takes up to SPREAD_POINTS off a trip's total, so two trips whose
# totals differ by more than SPREAD_POINTS never swap, and it never touches a hard
# constraint. A trip's need is 1 with no active application yet (nothing taken off),
# falling linearly to 0 at SPREAD_SATURATION active applications per open place (all of
# SPREAD_POINTS taken off). Its inputs are refreshed on a schedule (a beat task every few
# minutes), not on every application. On the trip's side it is left out: it would be the
# same for every physician of the trip.
SPREAD_POINTS = 2.0
SPREAD_SATURATION = 2.0
