"""The MissionMatch matching engine: plain Python, no ORM.

Frozen dataclasses in (`VolunteerProfile`, `TripOffer`, `OrganizationEvidence`), ranked,
explained results out (`Match`, `Exclusion`, their reasons and watch-outs as `Note`
codes with parameters), plus stable match rounds (`rounds`).
Weights and vocabularies live in `weights.py` and `vocabulary/`.
"""

from vocabulary import needs_supervision

from .checks import hard_constraints, scope_of_practice_codes
from .evaluation import evaluate
from .explanations import Note, organization_watch_outs
from .features import MOTIVATIONS, TripFeatures, VolunteerVector
from .indices import (
    local_education_index,
    organization_quality,
    preparation_index,
    scorecard_summary,
    sustainability_index,
)
from .preparation import leans_on_adventure_or_skills
from .ranking import RankedTripRows, rank_trips_for_volunteer, rank_trips_in, rank_trips_lazily
from .rounds import RoundColumns, RoundInput, RoundResult, blocking_pairs, run_round
from .types import (
    DateWindow,
    Exclusion,
    FactorScore,
    LanguageSkill,
    Match,
    OrganizationEvidence,
    TripOffer,
    VolunteerProfile,
)
from .volunteer_features import TripsAgainst, VolunteerFeatures
from .volunteer_ranking import (
    RankedVolunteerRows,
    order_applicant_columns,
    order_applicants,
    rank_applicants_of_trips,
    rank_volunteers_against,
    rank_volunteers_for_trip,
    rank_volunteers_in,
    rank_volunteers_lazily,
)
from .volunteer_rows import PhysicianRows

__all__ = [
    "DateWindow",
    "Exclusion",
    "FactorScore",
    "LanguageSkill",
    "MOTIVATIONS",
    "Match",
    "Note",
    "OrganizationEvidence",
    "PhysicianRows",
    "RankedTripRows",
    "RankedVolunteerRows",
    "RoundColumns",
    "RoundInput",
    "RoundResult",
    "TripFeatures",
    "TripOffer",
    "TripsAgainst",
    "VolunteerProfile",
    "VolunteerFeatures",
    "VolunteerVector",
    "blocking_pairs",
    "evaluate",
    "hard_constraints",
    "leans_on_adventure_or_skills",
    "needs_supervision",
    "order_applicant_columns",
    "order_applicants",
    "organization_watch_outs",
    "local_education_index",
    "organization_quality",
    "preparation_index",
    "scorecard_summary",
    "rank_trips_for_volunteer",
    "rank_trips_in",
    "rank_trips_lazily",
    "rank_volunteers_against",
    "rank_volunteers_for_trip",
    "rank_applicants_of_trips",
    "rank_volunteers_in",
    "rank_volunteers_lazily",
    "run_round",
    "scope_of_practice_codes",
    "sustainability_index",
]
