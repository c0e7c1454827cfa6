"""What the engine says about a pair, as codes with parameters: reasons, watch-outs and
exclusions.

A `Note` is a code and its raw parameters (numbers, ISO language codes, vocabulary keys,
the place or partner name as data). No sentence is written here: the edge renders each
code in the reader's language (`matching.explanation_text`), and API clients may render
their own. The functions below choose which notes apply, from the same values the scores
were computed from.
"""

from dataclasses import dataclass

import vocabulary

from . import weights as w
from .indices import below_evidence_floor


@dataclass(frozen=True, slots=True)
class Note:
    code: str
    params: tuple = ()  # ((name, raw value), ...), hashable

    @property
    def values(self):
        """The parameters as a dict (what renderers and the API read)."""
        return dict(self.params)


def note(code, **params):
    return Note(code, tuple(params.items()))


# --- Reasons the physician reads about a trip ------------------------------------------
YEAR_ROUND_CLINIC = "year_round_clinic"  # place
FOLLOW_UP_PLAN = "follow_up_plan"
RECORDS_HANDOFF = "records_handoff"
YEARS_IN_COMMUNITY = "years_in_community"  # years
TRAINS_LOCAL_STAFF = "trains_local_staff"
LOCAL_CURRICULUM = "local_curriculum"
PEER_MENTORING = "peer_mentoring"  # the physician wants to grow more than to teach
MENTORS_LOCAL_CLINICIANS = "mentors_local_clinicians"
COMMUNITY_CHOSE_FOCUS = "community_chose_focus"
LOCAL_PARTNER = "local_partner"  # partner (a name)
FEE_SHARE_PUBLISHED = "fee_share_published"  # percent (0..100, as the organization states it)
FEES_PUBLISHED = "fees_published"
SELF_CARE_SUPPORT = "self_care_support"
PREDEPARTURE_BRIEFING = "predeparture_briefing"
FAITH_BASED = "faith_based"
SUPERVISION_PROVIDED = "supervision_provided"
CULTURAL_ORIENTATION = "cultural_orientation"
SPEAKS_TRIP_LANGUAGE = "speaks_trip_language"  # language
SAFETY_PROTOCOL = "safety_protocol"
EVACUATION_COVER = "evacuation_cover"
FILLS_COVER_GAP = "fills_cover_gap"  # the host's cover calendar wants a clinician then
HOST_CONFIRMED = "host_confirmed"  # confirmed, claims (how many the host confirmed, of how many)
VETTING_CONFIRMED = "vetting_confirmed"  # confirmed, checks
NEEDS_YOUR_SPECIALTY = "needs_your_specialty"  # specialty (a name, or None), left
FITS_AVAILABILITY = "fits_availability"
IN_PREFERRED_COUNTRY = "in_preferred_country"
IN_PREFERRED_REGION = "in_preferred_region"
WITHIN_BUDGET = "within_budget"  # cost, budget (USD)

# --- Watch-outs about the organization (everyone reads them) ------------------------------
NO_FOLLOW_UP_PLAN = "no_follow_up_plan"
NO_LOCAL_PARTNER = "no_local_partner"
TEACHES_VOLUNTEERS = "teaches_volunteers"
NO_SAFETY_PROTOCOL = "no_safety_protocol"
FEES_NOT_PUBLISHED = "fees_not_published"
HOST_DISPUTES = "host_disputes"  # claim (a vocabulary.HOST_CLAIMS key)
VETTING_NOT_MET = "vetting_not_met"  # item (a vocabulary.SCORECARD_ITEMS key)
NO_CULTURAL_ORIENTATION = "no_cultural_orientation"
NO_LOCAL_BRIEFING = "no_local_briefing"
LITTLE_EVIDENCE = "little_evidence"  # penalty (points), below the minimum-evidence floor
YEARS_NOT_STATED = "years_not_stated"
LOCAL_STAFF_NOT_STATED = "local_staff_not_stated"

# --- Watch-outs the physician reads about a trip -------------------------------------------
PARTLY_AVAILABLE = "partly_available"  # share (0..1 of the trip's days)
OVER_BUDGET = "over_budget"  # amount (USD over the budget)
BASIC_LANGUAGE = "basic_language"  # language
NO_TRIP_LANGUAGE = "no_trip_language"  # languages (the trip's, sorted codes)
CROWDED = "crowded"  # points (taken off the total by the spread term)

# --- Reasons the organization reads about a physician -----------------------------------
PRACTISES_NEEDED_SPECIALTY = "practises_needed_specialty"  # specialty (a name, or None), left
SPEAKS_LANGUAGE = "speaks_language"  # proficiency (vocabulary.CONVERSATIONAL or FLUENT), language
AVAILABLE_EVERY_DAY = "available_every_day"
WANTS_TO_TEACH = "wants_to_teach"
WANTS_CONTINUITY = "wants_continuity"
WANTS_NAMED_NEED = "wants_named_need"
WANTS_FAITH = "wants_faith"
WANTS_TO_LEARN = "wants_to_learn"
WANTS_CULTURE = "wants_culture"
YEARS_IN_PRACTICE = "years_in_practice"  # years
PRIOR_MISSION_TRIPS = "prior_mission_trips"  # trips

# --- Watch-outs the organization reads about a physician ---------------------------------
AVAILABLE_SHARE = "available_share"  # share (0..1 of the trip's days)
SPEAKS_BASIC_ONLY = "speaks_basic_only"  # language
SPEAKS_NONE = "speaks_none"  # languages (the trip's, sorted codes)
TRAINEE_SUPERVISED = "trainee_supervised"  # training_level (vocabulary.STUDENT or RESIDENT)

# --- Hard constraints: why a trip is not a match (the codes `hard_constraints` returns) ---
ORGANIZATION_NOT_VERIFIED = "organization_not_verified"
TRIP_NOT_OPEN = "trip_not_open"
DEADLINE_PASSED = "deadline_passed"
NO_PLACES_FOR_SPECIALTY = "no_places_for_specialty"
NO_DATE_OVERLAP = "no_date_overlap"
OUTSIDE_SCOPE_OF_PRACTICE = "outside_scope_of_practice"
NO_ACTIVE_LICENCE_UNSUPERVISED = "no_active_licence_unsupervised"
OVER_BUDGET_EXCLUDED = "never_over_budget"  # the physician asked never to see trips over budget

# Every code above (a test checks each has a message, and docs/api.md lists each).
CODES = frozenset(value for name, value in dict(globals()).items() if name.isupper() and isinstance(value, str))


# --- Choosing the notes ----------------------------------------------------------------


def evidence_reason(check, volunteer, offer, language_code):
    """The note for a satisfied evidence check, in the volunteer's terms."""
    org = offer.organization
    if check == "year_round_facility":
        return note(YEAR_ROUND_CLINIC, place=offer.place)
    if check == "follow_up_plan":
        return note(FOLLOW_UP_PLAN)
    if check == "records_handoff":
        return note(RECORDS_HANDOFF)
    if check == "years_active":
        # A count not stated is scored with its prior, but claims nothing to show.
        if org.years_active_in_community is None:
            return None
        return note(YEARS_IN_COMMUNITY, years=org.years_active_in_community)
    if check == "trains_local_staff":
        return note(TRAINS_LOCAL_STAFF)
    if check == "local_curriculum":
        return note(LOCAL_CURRICULUM)
    if check == "mentorship":
        if volunteer.weight(vocabulary.GROWTH) > volunteer.weight(vocabulary.TEACHING):
            return note(PEER_MENTORING)
        return note(MENTORS_LOCAL_CLINICIANS)
    if check == "needs_assessment":
        return note(COMMUNITY_CHOSE_FOCUS)
    if check == "local_partner":
        return note(LOCAL_PARTNER, partner=org.local_partner_names[0])
    if check == "fee_transparency":
        if org.share_of_fees_to_local_care is not None:
            return note(FEE_SHARE_PUBLISHED, percent=org.share_of_fees_to_local_care)
        return note(FEES_PUBLISHED)
    if check == "self_care_support":
        return note(SELF_CARE_SUPPORT)
    if check == "predeparture_briefing":
        return note(PREDEPARTURE_BRIEFING)
    if check == "faith_based":
        return note(FAITH_BASED)
    if check == "supervision":
        return note(SUPERVISION_PROVIDED)
    if check == "cultural_orientation":
        return note(CULTURAL_ORIENTATION)
    if check == "language_match":
        return note(SPEAKS_TRIP_LANGUAGE, language=language_code)
    if check == "safety_protocol":
        return note(SAFETY_PROTOCOL)
    if check == "evacuation_insurance":
        return note(EVACUATION_COVER)
    if check == "fills_cover_gap":
        return note(FILLS_COVER_GAP)
    raise KeyError(check)


# Equally strong evidence reasons come in this order, whatever the reader's language.
EVIDENCE_TIE_ORDER = {
    code: rank
    for rank, code in enumerate(
        (
            FAITH_BASED,
            PREDEPARTURE_BRIEFING,
            PEER_MENTORING,
            FILLS_COVER_GAP,
            FOLLOW_UP_PLAN,
            SAFETY_PROTOCOL,
            YEARS_IN_COMMUNITY,
            RECORDS_HANDOFF,
            EVACUATION_COVER,
            MENTORS_LOCAL_CLINICIANS,
            CULTURAL_ORIENTATION,
            SELF_CARE_SUPPORT,
            FEE_SHARE_PUBLISHED,
            FEES_PUBLISHED,
            LOCAL_CURRICULUM,
            YEAR_ROUND_CLINIC,
            SUPERVISION_PROVIDED,
            COMMUNITY_CHOSE_FOCUS,
            TRAINS_LOCAL_STAFF,
            LOCAL_PARTNER,
            SPEAKS_TRIP_LANGUAGE,
        )
    )
}


def volunteer_reasons(volunteer, offer, a):
    """Why a trip fits, for the physician: the strongest evidence for their motivations,
    then what the host and our vetting confirmed, then specialty, dates, place and budget."""
    org = offer.organization
    evidence = sorted(
        (
            (-strength, EVIDENCE_TIE_ORDER[one.code], one)
            for check, strength in a.strengths.items()
            for one in (evidence_reason(check, volunteer, offer, a.language_code),)
            if one is not None
        ),
        key=lambda item: item[:2],
    )
    reasons = [one for _s, _rank, one in evidence[: w.MAX_REASONS - 1]]
    if org.host_confirmed:
        reasons.append(note(HOST_CONFIRMED, confirmed=len(org.host_confirmed), claims=len(vocabulary.HOST_CLAIM_KEYS)))
    confirmed = sum(1 for _item, status in org.scorecard if status == vocabulary.MET)
    if confirmed:
        reasons.append(note(VETTING_CONFIRMED, confirmed=confirmed, checks=len(vocabulary.SCORECARD_ITEM_KEYS)))
    primary = a.specialties[0]
    reasons.append(
        note(
            NEEDS_YOUR_SPECIALTY,
            specialty=dict(offer.specialty_names).get(primary),
            left=dict(offer.open_places).get(primary, 0),
        )
    )
    if a.coverage == 1.0:
        reasons.append(note(FITS_AVAILABILITY))
    if a.country_preferred:
        reasons.append(note(IN_PREFERRED_COUNTRY))
    elif a.region_preferred:
        reasons.append(note(IN_PREFERRED_REGION))
    if volunteer.max_budget_usd is not None and not a.over_budget:
        reasons.append(note(WITHIN_BUDGET, cost=offer.cost_usd, budget=volunteer.max_budget_usd))
    return tuple(reasons[: w.MAX_REASONS + 2])


def organization_watch_outs(org, *, has_continuity_plan=False):
    """The ethics watch-outs that depend on the organization alone (shown to everyone)."""
    notes = []
    if not (org.has_follow_up_plan or has_continuity_plan):
        notes.append(note(NO_FOLLOW_UP_PLAN))
    if not org.local_partner_names:
        notes.append(note(NO_LOCAL_PARTNER))
    if org.education_audience == vocabulary.EDUCATION_VOLUNTEERS:
        notes.append(note(TEACHES_VOLUNTEERS))
    if not org.has_safety_protocol:
        notes.append(note(NO_SAFETY_PROTOCOL))
    if not org.publishes_fee_breakdown:
        notes.append(note(FEES_NOT_PUBLISHED))
    # Respect for local culture and preparation beyond travel logistics are essentials.
    if not org.offers_cultural_orientation:
        notes.append(note(NO_CULTURAL_ORIENTATION))
    if not org.offers_predeparture_briefing:
        notes.append(note(NO_LOCAL_BRIEFING))
    if below_evidence_floor(org):
        notes.append(note(LITTLE_EVIDENCE, penalty=w.EVIDENCE_FLOOR_PENALTY))
    if org.years_active_in_community is None:
        notes.append(note(YEARS_NOT_STATED))
    if org.local_staff_employed is None:
        notes.append(note(LOCAL_STAFF_NOT_STATED))
    notes.extend(note(HOST_DISPUTES, claim=claim) for claim in org.host_disputed)
    notes.extend(note(VETTING_NOT_MET, item=item) for item, status in org.scorecard if status == vocabulary.NOT_MET)
    return tuple(notes)


def volunteer_watch_outs(offer, a):
    """Watch-outs for the physician reading about a trip: the organization's ethics points,
    then what this trip means for them (dates, budget, language)."""
    notes = list(organization_watch_outs(offer.organization, has_continuity_plan=offer.has_continuity_plan))
    if a.coverage < 1.0:
        notes.append(note(PARTLY_AVAILABLE, share=a.coverage))
    if a.over_budget > 0:
        notes.append(note(OVER_BUDGET, amount=a.over_budget))
    if a.spread < 0:
        notes.append(note(CROWDED, points=round(-a.spread, 1)))
    if offer.languages and a.proficiency < vocabulary.USEFUL_PROFICIENCY:
        if a.proficiency:
            notes.append(note(BASIC_LANGUAGE, language=a.language_code))
        else:
            notes.append(note(NO_TRIP_LANGUAGE, languages=tuple(sorted(offer.languages))))
    return tuple(notes)


# Written for the organization reading about a physician: about the physician, and about
# the trip in the third person (never "your", which on the physician's side means theirs).
MOTIVATION_TRIP_REASONS = {
    vocabulary.TEACHING: ("trains_local_staff", WANTS_TO_TEACH),
    vocabulary.CONTINUITY: ("follow_up_plan", WANTS_CONTINUITY),
    vocabulary.UNDERSERVED: ("needs_assessment", WANTS_NAMED_NEED),
    vocabulary.FAITH: ("faith_based", WANTS_FAITH),
    vocabulary.GROWTH: ("supervision", WANTS_TO_LEARN),
    vocabulary.IMMERSION: ("cultural_orientation", WANTS_CULTURE),
}


def trip_side_reasons(volunteer, offer, a):
    """Why a physician fits a trip, for its organization."""
    primary = a.specialties[0]
    reasons = [
        note(
            PRACTISES_NEEDED_SPECIALTY,
            specialty=dict(offer.specialty_names).get(primary),
            left=dict(offer.open_places).get(primary, 0),
        )
    ]
    if a.language_code and a.proficiency >= vocabulary.USEFUL_PROFICIENCY:
        reasons.append(note(SPEAKS_LANGUAGE, proficiency=a.proficiency, language=a.language_code))
    if a.coverage == 1.0:
        reasons.append(note(AVAILABLE_EVERY_DAY))
    motivated = sorted(
        ((volunteer.weight(m), m) for m in MOTIVATION_TRIP_REASONS if volunteer.weight(m) >= 2),
        key=lambda pair: (-pair[0], pair[1]),
    )
    for _weight, motivation in motivated:
        check, code = MOTIVATION_TRIP_REASONS[motivation]
        if a.checks.get(check, 0) > 0:
            reasons.append(note(code))
    if volunteer.years_in_practice:
        reasons.append(note(YEARS_IN_PRACTICE, years=volunteer.years_in_practice))
    if volunteer.prior_mission_trips:
        reasons.append(note(PRIOR_MISSION_TRIPS, trips=volunteer.prior_mission_trips))
    return tuple(reasons[: w.MAX_REASONS + 2])


def trip_side_watch_outs(volunteer, offer, a):
    """Watch-outs for the organization reading about a physician. Only what concerns this
    physician on this trip: the organization's own ethics points are shown once on its
    trip page, not on every card, and the physician's budget is private, so it is never
    mentioned (nor scored: see weights.TRIP_SIDE_COST)."""
    notes = []
    if a.coverage < 1.0:
        notes.append(note(AVAILABLE_SHARE, share=a.coverage))
    if offer.languages and a.proficiency < vocabulary.USEFUL_PROFICIENCY:
        if a.proficiency:
            notes.append(note(SPEAKS_BASIC_ONLY, language=a.language_code))
        else:
            notes.append(note(SPEAKS_NONE, languages=tuple(sorted(offer.languages))))
    if volunteer.training_level in vocabulary.TRAINEE_LEVELS:
        notes.append(note(TRAINEE_SUPERVISED, training_level=volunteer.training_level))
    return tuple(notes)


def exclusion_notes(codes):
    """The notes for the hard constraints a pair fails (their codes, with no parameters)."""
    return tuple(note(code) for code in codes)
