"""The engine's input and output: frozen, hashable dataclasses with no ORM in sight."""

from dataclasses import dataclass, field
from datetime import date

import vocabulary


@dataclass(frozen=True, slots=True)
class LanguageSkill:
    code: str
    proficiency: int  # vocabulary.BASIC / CONVERSATIONAL / FLUENT


@dataclass(frozen=True, slots=True)
class DateWindow:
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class VolunteerProfile:
    id: int
    display_name: str = ""
    specialty_ids: frozenset = frozenset()
    primary_specialty_id: int | None = None
    languages: tuple = ()
    availability: tuple = ()
    preferred_countries: frozenset = frozenset()
    preferred_regions: frozenset = frozenset()
    max_budget_usd: int | None = None
    never_over_budget: bool = False  # trips over the budget are excluded, not ranked lower
    motivation_weights: tuple = ()  # ((motivation key, 0..3), ...)
    years_in_practice: int = 0
    prior_mission_trips: int = 0
    training_level: str = vocabulary.ATTENDING
    licence_status: str = vocabulary.LICENCE_ACTIVE

    def weight(self, motivation):
        for key, value in self.motivation_weights:
            if key == motivation:
                return value
        return 0


@dataclass(frozen=True, slots=True)
class OrganizationEvidence:
    id: int
    name: str = ""
    slug: str = ""
    is_verified: bool = False
    is_faith_based: bool = False
    runs_year_round_facility: bool = False
    year_round_facility_description: str = ""
    has_follow_up_plan: bool = False
    follow_up_plan_description: str = ""
    local_staff_employed: int | None = 0  # None: not stated
    hands_records_to_local_providers: bool = False
    years_active_in_community: int | None = 0  # None: not stated
    needs_assessment_with_local_leaders: bool = False
    local_partner_names: tuple = ()
    publishes_fee_breakdown: bool = False
    share_of_fees_to_local_care: int | None = None
    trains_local_staff: bool = False
    local_training_description: str = ""
    local_training_frequency: str = vocabulary.TRAINING_NONE
    has_local_curriculum: bool = False
    mentors_local_clinicians: bool = False
    education_audience: str = vocabulary.EDUCATION_NONE
    offers_cultural_orientation: bool = False
    has_safety_protocol: bool = False
    offers_self_care_support: bool = False
    offers_predeparture_briefing: bool = False
    offers_predeparture_training: bool = False
    provides_evacuation_insurance: bool = False
    # Outcomes from volunteers' reviews and post-trip reports (share 0..1); None = no data yet.
    follow_up_confirmed_rate: float | None = None
    local_staff_involved_rate: float | None = None
    review_count: int = 0
    # Ethics scorecard judged by our vetting team: ((item key, status), ...).
    scorecard: tuple = ()
    # The host partner's latest word on each claim (vocabulary.HOST_CLAIMS keys).
    host_confirmed: tuple = ()
    host_disputed: tuple = ()


@dataclass(frozen=True, slots=True)
class TripOffer:
    id: int
    title: str
    organization: OrganizationEvidence
    country: str
    place: str
    start: date
    end: date
    application_deadline: date
    is_open: bool = True
    open_places: tuple = ()  # ((specialty id, places still open), ...)
    specialty_names: tuple = ()  # ((specialty id, name), ...)
    languages: frozenset = frozenset()
    cost_usd: int = 0
    has_continuity_plan: bool = False
    supervision_provided: bool = False
    accepted_training_levels: frozenset = frozenset()  # empty = any level
    # From a scheduled snapshot: 1 = no active application yet, 0 = saturated (engine.spread).
    spread_need: float = 1.0
    # The host's cover calendar wants one of the trip's open specialties on a week of the trip
    # that nobody covers yet.
    fills_cover_gap: bool = False


@dataclass(frozen=True, slots=True)
class FactorScore:
    key: str  # a weights.FACTOR_WEIGHTS key; the edge names it in the reader's language
    weight: float
    score: float  # 0..1
    contribution: float  # weight × score, in points


@dataclass(frozen=True, slots=True)
class Match:
    trip_id: int
    volunteer_id: int
    total: float  # 0..100, one decimal
    factors: tuple = ()
    reasons: tuple = ()  # explanations.Note, best first
    watch_outs: tuple = ()  # explanations.Note
    specialty_ids: tuple = ()
    sustainability_index: int = 0
    local_education_index: int = 0
    preparation_index: int = 0


@dataclass(frozen=True, slots=True)
class Exclusion:
    trip_id: int
    volunteer_id: int
    codes: tuple = ()
    reasons: tuple = field(default=())  # one explanations.Note per code
