"""Hand-built engine inputs for tests: everything strong unless a test says otherwise."""

from datetime import date

import vocabulary
from matching.engine import DateWindow, LanguageSkill, OrganizationEvidence, TripOffer, VolunteerProfile

TODAY = date(2027, 1, 10)
PEDIATRICS, SURGERY, FAMILY = 1, 2, 3


def organization(**overrides):
    fields = dict(
        id=1,
        name="Hope Clinics",
        slug="hope-clinics",
        is_verified=True,
        runs_year_round_facility=True,
        has_follow_up_plan=True,
        local_staff_employed=12,
        hands_records_to_local_providers=True,
        years_active_in_community=12,
        needs_assessment_with_local_leaders=True,
        local_partner_names=("Jinotega District Hospital",),
        publishes_fee_breakdown=True,
        share_of_fees_to_local_care=70,
        trains_local_staff=True,
        local_training_frequency=vocabulary.TRAINING_YEAR_ROUND,
        has_local_curriculum=True,
        mentors_local_clinicians=True,
        education_audience=vocabulary.EDUCATION_LOCAL,
        offers_cultural_orientation=True,
        has_safety_protocol=True,
        offers_self_care_support=True,
        offers_predeparture_briefing=True,
        offers_predeparture_training=True,
        provides_evacuation_insurance=True,
    )
    fields.update(overrides)
    return OrganizationEvidence(**fields)


def weak_organization(**overrides):
    return organization(
        **{
            "runs_year_round_facility": False,
            "has_follow_up_plan": False,
            "local_staff_employed": 0,
            "hands_records_to_local_providers": False,
            "years_active_in_community": 0,
            "needs_assessment_with_local_leaders": False,
            "local_partner_names": (),
            "publishes_fee_breakdown": False,
            "share_of_fees_to_local_care": None,
            "trains_local_staff": False,
            "local_training_frequency": vocabulary.TRAINING_NONE,
            "has_local_curriculum": False,
            "mentors_local_clinicians": False,
            "education_audience": vocabulary.EDUCATION_NONE,
            "offers_cultural_orientation": False,
            "has_safety_protocol": False,
            "offers_self_care_support": False,
            "offers_predeparture_briefing": False,
            "offers_predeparture_training": False,
            "provides_evacuation_insurance": False,
            **overrides,
        }
    )


def trip(**overrides):
    fields = dict(
        id=10,
        title="Children's health week",
        organization=organization(),
        country="NI",
        place="Jinotega",
        start=date(2027, 3, 1),
        end=date(2027, 3, 14),
        application_deadline=date(2027, 2, 1),
        is_open=True,
        open_places=((PEDIATRICS, 2),),
        specialty_names=((PEDIATRICS, "Pediatrics"), (SURGERY, "General surgery"), (FAMILY, "Family medicine")),
        languages=frozenset({"es"}),
        cost_usd=1200,
        has_continuity_plan=True,
        supervision_provided=True,
    )
    fields.update(overrides)
    return TripOffer(**fields)


def volunteer(**overrides):
    fields = dict(
        id=100,
        display_name="Dr. Ana",
        specialty_ids=frozenset({PEDIATRICS}),
        primary_specialty_id=PEDIATRICS,
        languages=(LanguageSkill("en", 3), LanguageSkill("es", 3)),
        availability=(DateWindow(date(2027, 2, 1), date(2027, 4, 30)),),
        preferred_countries=frozenset(),
        preferred_regions=frozenset(),
        max_budget_usd=2000,
        motivation_weights=((vocabulary.TEACHING, 3), (vocabulary.CONTINUITY, 2)),
        years_in_practice=10,
    )
    fields.update(overrides)
    return VolunteerProfile(**fields)
