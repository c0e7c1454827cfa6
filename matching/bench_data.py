"""Scale data for the matching benchmark, written with bulk inserts.

Not demo data: plain, random-but-plausible rows sized like the US short-term mission
sector (thousands of organizations, tens of thousands of trips, a hundred thousand
physicians). Deterministic for a given seed.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

import vocabulary.choices
from organizations.models import LocalPartner, Organization, VettingStatus
from physicians.models import AvailabilityWindow, MotivationWeight, PhysicianLanguage, PhysicianProfile
from physicians.specialties import ensure_common_specialties
from trips.models import Trip, TripLanguage, TripSpecialtyNeed, TripStatus

BATCH = 5000
COUNTRIES = sorted({code for _label, codes in vocabulary.REGIONS.values() for code in codes})
LANGUAGES = [code for code, _label in vocabulary.choices.LANGUAGE_CHOICES]


def generate(*, organizations, trips, physicians, seed=1, log=print):
    rng = random.Random(seed)
    today = timezone.localdate()
    specialty_ids = sorted(s.id for s in ensure_common_specialties().values())
    with transaction.atomic():
        log(f"  organizations: {organizations}")
        orgs = [
            Organization(
                name=f"Bench Organization {i}",
                slug=f"bench-organization-{i}",
                registration_country="US",
                countries_served=[rng.choice(COUNTRIES)],
                vetting_status=VettingStatus.VERIFIED if rng.random() < 0.9 else VettingStatus.PENDING,
                is_faith_based=rng.random() < 0.4,
                runs_year_round_facility=rng.random() < 0.5,
                has_follow_up_plan=rng.random() < 0.6,
                local_staff_employed=rng.randint(0, 40),
                hands_records_to_local_providers=rng.random() < 0.5,
                years_active_in_community=rng.randint(0, 30),
                needs_assessment_with_local_leaders=rng.random() < 0.6,
                publishes_fee_breakdown=rng.random() < 0.5,
                share_of_fees_to_local_care=rng.choice([None, 30, 50, 70]),
                trains_local_staff=rng.random() < 0.6,
                local_training_frequency=rng.choice([c for c, _l in vocabulary.choices.TRAINING_FREQUENCY_CHOICES]),
                has_local_curriculum=rng.random() < 0.4,
                mentors_local_clinicians=rng.random() < 0.5,
                education_audience=rng.choice([c for c, _l in vocabulary.choices.EDUCATION_AUDIENCE_CHOICES]),
                offers_cultural_orientation=rng.random() < 0.6,
                has_safety_protocol=rng.random() < 0.7,
                offers_self_care_support=rng.random() < 0.5,
                offers_predeparture_briefing=rng.random() < 0.7,
                provides_evacuation_insurance=rng.random() < 0.6,
            )
            for i in range(organizations)
        ]
        Organization.objects.bulk_create(orgs, batch_size=BATCH)
        org_rows = list(Organization.objects.order_by("id").values_list("id", "countries_served"))
        LocalPartner.objects.bulk_create(
            [
                LocalPartner(organization_id=org_id, name=f"Partner hospital {org_id}", country=countries.split(",")[0])
                for org_id, countries in org_rows
                if rng.random() < 0.7
            ],
            batch_size=BATCH,
        )

        log(f"  trips: {trips}")
        trip_objects = []
        for i in range(trips):
            org_id, countries = org_rows[rng.randrange(len(org_rows))]
            start = today + timedelta(days=rng.randint(30, 365))
            trip_objects.append(
                Trip(
                    organization_id=org_id,
                    title=f"Bench trip {i}",
                    country=countries.split(",")[0],
                    place="District hospital",
                    start_date=start,
                    end_date=start + timedelta(days=rng.choice([6, 9, 13, 20])),
                    application_deadline=start - timedelta(days=rng.choice([7, 21, 30])),
                    cost_usd=rng.choice([0, 500, 1000, 1500, 2500, 4000]),
                    status=TripStatus.OPEN,
                    continuity_plan="Local staff follow up." if rng.random() < 0.5 else "",
                    supervision_provided=rng.random() < 0.5,
                )
            )
        Trip.objects.bulk_create(trip_objects, batch_size=BATCH)
        trip_ids = list(Trip.objects.filter(title__startswith="Bench trip").order_by("id").values_list("id", flat=True))
        needs, languages = [], []
        for trip_id in trip_ids:
            for specialty_id in rng.sample(specialty_ids, rng.randint(1, 3)):
                needs.append(TripSpecialtyNeed(trip_id=trip_id, specialty_id=specialty_id, places=rng.randint(1, 4)))
            for code in rng.sample(LANGUAGES[:8], rng.randint(0, 2)):
                languages.append(TripLanguage(trip_id=trip_id, language=code))
        TripSpecialtyNeed.objects.bulk_create(needs, batch_size=BATCH)
        TripLanguage.objects.bulk_create(languages, batch_size=BATCH)

        log(f"  physicians: {physicians}")
        User = get_user_model()
        password = make_password(None)  # unusable: bench accounts cannot log in
        User.objects.bulk_create(
            [
                User(username=f"bench{i}@bench.invalid", email=f"bench{i}@bench.invalid", password=password)
                for i in range(physicians)
            ],
            batch_size=BATCH,
        )
        user_ids = list(
            User.objects.filter(username__endswith="@bench.invalid").order_by("id").values_list("id", flat=True)
        )
        PhysicianProfile.objects.bulk_create(
            [
                PhysicianProfile(
                    user_id=user_id,
                    display_name=f"Dr. Bench {i}",
                    primary_specialty_id=rng.choice(specialty_ids),
                    years_in_practice=rng.randint(0, 35),
                    preferred_regions=rng.sample(list(vocabulary.REGIONS), rng.randint(0, 2)),
                    max_budget_usd=rng.choice([None, 1000, 2000, 3000]),
                )
                for i, user_id in enumerate(user_ids)
            ],
            batch_size=BATCH,
        )
        physician_ids = list(
            PhysicianProfile.objects.filter(user_id__in=user_ids).order_by("id").values_list("id", flat=True)
        )
        Through = PhysicianProfile.other_specialties.through
        others, spoken, windows, weights = [], [], [], []
        for physician_id in physician_ids:
            for specialty_id in rng.sample(specialty_ids, rng.randint(0, 1)):
                others.append(Through(physicianprofile_id=physician_id, specialty_id=specialty_id))
            spoken.append(PhysicianLanguage(physician_id=physician_id, language="en", proficiency=3))
            for code in rng.sample(LANGUAGES[1:8], rng.randint(0, 1)):
                spoken.append(
                    PhysicianLanguage(physician_id=physician_id, language=code, proficiency=rng.randint(1, 3))
                )
            offset = rng.randint(0, 300)
            windows.append(
                AvailabilityWindow(
                    physician_id=physician_id,
                    start_date=today + timedelta(days=offset),
                    end_date=today + timedelta(days=offset + rng.choice([30, 60, 120])),
                )
            )
            for key in vocabulary.MOTIVATION_KEYS:
                weight = rng.choice([0, 1, 2, 3])
                if weight:
                    weights.append(MotivationWeight(physician_id=physician_id, motivation=key, weight=weight))
        for model, rows in (
            (Through, others),
            (PhysicianLanguage, spoken),
            (AvailabilityWindow, windows),
            (MotivationWeight, weights),
        ):
            model.objects.bulk_create(rows, batch_size=BATCH)
    return trip_ids, physician_ids
