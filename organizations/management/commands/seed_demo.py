"""Realistic, deterministic demo data: ~30 organizations, ~100 trips, ~200 physicians.

Idempotent: every row has a stable natural key (organization slug, trip title within
its organization, physician email), so a second run adds nothing. Dates are relative
to today so the demo always has upcoming trips.
"""

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_countries import countries

import vocabulary.choices
from clearance.demo import trust_demo_seed
from matching.generation import engine_input_changed, volunteer_input_changed
from organizations.models import LocalPartner, Organization, OrganizationMembership, VettingStatus
from organizations.services import organization_change_vetting_status
from physicians.models import AvailabilityWindow, MotivationWeight, PhysicianLanguage, PhysicianProfile
from physicians.specialties import ensure_common_specialties
from trips.models import Trip, TripLanguage, TripSpecialtyNeed, TripStatus

from ._demo_activity import demo_activity_seed

DEMO_PASSWORD = "demo-volunteer-2026"
DEMO_EMAIL_DOMAIN = "demo.missionmatch.example"

PORTAL_LANGUAGES = dict(settings.LANGUAGES)
# (country code, places, languages spoken there)
SITES = [
    ("NI", ["Jinotega", "Matagalpa", "León"], ["es"]),
    ("GT", ["Quetzaltenango", "Sololá", "Cobán"], ["es", "quc"]),
    ("HN", ["Copán Ruinas", "La Ceiba"], ["es"]),
    ("HT", ["Hinche", "Les Cayes", "Cap-Haïtien"], ["ht", "fr"]),
    ("DO", ["San Juan de la Maguana", "Barahona"], ["es"]),
    ("PE", ["Cusco", "Iquitos", "Puno"], ["es", "qu"]),
    ("BO", ["Cochabamba", "Sucre"], ["es", "qu"]),
    ("EC", ["Riobamba", "Esmeraldas"], ["es"]),
    ("KE", ["Kijabe", "Kisumu", "Eldoret"], ["sw", "en"]),
    ("UG", ["Mbarara", "Gulu", "Jinja"], ["en", "lg"]),
    ("TZ", ["Arusha", "Moshi", "Mwanza"], ["sw", "en"]),
    ("RW", ["Butaro", "Kirehe"], ["rw", "fr", "en"]),
    ("ET", ["Soddo", "Bahir Dar"], ["am"]),
    ("MW", ["Blantyre", "Zomba"], ["en"]),
    ("GH", ["Tamale", "Kumasi"], ["en"]),
    ("SL", ["Makeni", "Bo"], ["en"]),
    ("NP", ["Pokhara", "Dhulikhel"], ["ne"]),
    ("IN", ["Vellore", "Ranchi"], ["hi", "en"]),
    ("KH", ["Siem Reap", "Battambang"], ["km"]),
    ("PH", ["Tacloban", "Iloilo"], ["tl", "en"]),
]

# Each organization's name and the kinds of trip it runs (indices into TRIP_KINDS), so a
# name and its trips agree: an eye-care charity runs cataract camps, not orthopedic weeks.
ORGANIZATIONS = [
    ("Hope for {place} Health Partners", [1, 2, 8]),
    ("{place} Community Surgical Mission", [0, 6, 9]),
    ("Bridges of Care {country}", [1, 7]),
    ("Light of {place} Medical Ministry", [1, 2, 3]),
    ("{place} Rural Health Alliance", [1, 5, 8]),
    ("Open Hands Clinics {country}", [1, 2]),
    ("Mountain Road Medical Teams", [0, 5]),
    ("Healing Waters Mission", [1, 8]),
    ("{place} Children's Health Project", [2, 3]),
    ("Global Surgery Collaborative {country}", [0, 6, 9]),
    ("Mercy Way Missions", [1, 3, 7]),
    ("Sisters in Health {country}", [3, 2]),
    ("First Light Eye Care", [4]),
    ("Harvest Medical Missions", [0, 1]),
    ("{place} Maternal Health Trust", [3]),
    ("Clear Sight {country}", [4]),
    ("Steady Hands Orthopedic Outreach", [6, 0]),
    ("{place} Emergency Care Institute", [5]),
    ("Common Ground Mental Health", [7]),
    ("Riverbend HIV Care Partnership", [8, 1]),
    ("Hear Again {country}", [9]),
    ("Highland Health Volunteers", [1, 2, 5]),
    ("New Dawn Surgical Outreach", [0, 9]),
    ("{place} Family Medicine Fellowship", [1, 7]),
    ("Well Women {country}", [3]),
    ("Small Steps Pediatric Care", [2]),
    ("Lifeline Trauma Training", [5, 6]),
    ("Good Shepherd Health Mission", [1, 3, 0]),
    ("Cedar House Medical Teams", [1, 8]),
    ("Open Eyes Cataract Programme", [4]),
]

TRIP_KINDS = [
    ("Surgical week at the district hospital", ["general-surgery", "anesthesiology"]),
    ("Primary care and chronic disease clinics", ["family-medicine", "internal-medicine"]),
    ("Children's health outreach", ["pediatrics", "family-medicine"]),
    ("Safe births: obstetric skills and clinics", ["obstetrics-and-gynecology", "pediatrics"]),
    ("Cataract surgery camp", ["ophthalmology", "anesthesiology"]),
    ("Emergency care training course", ["emergency-medicine", "internal-medicine"]),
    ("Orthopedic and trauma surgery", ["orthopedic-surgery", "anesthesiology"]),
    ("Mental health in primary care", ["psychiatry", "family-medicine"]),
    ("Infectious disease and HIV clinic support", ["infectious-disease", "internal-medicine"]),
    ("Ear, nose and throat surgery week", ["otolaryngology-ent", "anesthesiology"]),
]

FIRST_NAMES = [
    "Ana",
    "Ben",
    "Chioma",
    "David",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Isabel",
    "James",
    "Kavya",
    "Liam",
    "Maria",
    "Noah",
    "Olga",
    "Pedro",
    "Quinn",
    "Rosa",
    "Samuel",
    "Tara",
    "Uche",
    "Vera",
    "Wen",
    "Ximena",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Alvarez",
    "Brown",
    "Chen",
    "Diallo",
    "Evans",
    "Fernández",
    "Garcia",
    "Hughes",
    "Ibrahim",
    "Johnson",
    "Kim",
    "López",
    "Mensah",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quispe",
    "Rossi",
    "Smith",
    "Tanaka",
]
JURISDICTIONS = ["California", "Texas", "New York", "Minnesota", "Ontario", "Illinois", "Georgia", "Washington"]


def distinct_organization_name(template, place, country_name, used):
    """The name from its template; a second organization on the same template takes its place's name."""
    name = template.format(place=place, country=country_name)
    for candidate in (name, f"{name} {place}", f"{name} {place}, {country_name}"):
        if candidate not in used:
            return candidate
    return f"{place} {name}"


def trip_title(kind, place, start, used):
    """ "Cataract surgery camp in Cusco"; a second trip of the same kind adds its month; None for a third that month."""
    for candidate in (f"{kind} in {place}", f"{kind} in {place}, {start:%B %Y}"):
        if candidate not in used:
            return candidate
    return None


def training_frequency(drawn, *, trains, strength):
    """An organization that does not train local staff has no training frequency."""
    return (
        drawn if trains and strength > 0.5 else (vocabulary.TRAINING_OCCASIONAL if trains else vocabulary.TRAINING_NONE)
    )


def years_in_practice(drawn, training):
    """Years that fit the training level: a retired physician has practised for decades, a resident for a few years."""
    if training == vocabulary.RETIRED:
        return 25 + drawn % 16
    if training == vocabulary.RESIDENT:
        return drawn % 4
    return max(drawn, 2)


class Command(BaseCommand):
    help = "Load realistic, deterministic demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
        parser.add_argument("--organizations", type=int, default=30)
        parser.add_argument("--physicians", type=int, default=200)

    @transaction.atomic
    def handle(self, *args, seed, organizations, physicians, **options):
        today = timezone.localdate()
        specialties = ensure_common_specialties()
        admin = self._demo_admin()
        created_orgs = self._organizations(seed, organizations, today, specialties, admin)
        created_physicians = self._physicians(seed, physicians, today, specialties)
        demo_activity_seed(seed=seed, today=today, admin=admin, demo_email_domain=DEMO_EMAIL_DOMAIN)
        trust = trust_demo_seed(today=today, admin=admin)
        # Rows written directly, not through the services: every store reads them anew.
        engine_input_changed()
        volunteer_input_changed()
        summary = self.style.SUCCESS(
            f"Demo data ready: {Organization.objects.count()} organizations ({created_orgs} new), "
            f"{Trip.objects.count()} trips, {PhysicianProfile.objects.count()} physicians "
            f"({created_physicians} new). Demo logins: physician001@{DEMO_EMAIL_DOMAIN} and "
            f"owner01@{DEMO_EMAIL_DOMAIN}, password {DEMO_PASSWORD}"
        )
        # Last, after the demo's emails (delivered once this transaction commits, to the console
        # with DEBUG), so the logins are what `make run` leaves on the screen.
        transaction.on_commit(lambda: self.stdout.write("\n".join(filter(None, [trust, summary]))))

    def _demo_admin(self):
        User = get_user_model()
        admin, _ = User.objects.get_or_create(
            username="demo-vetting-team",
            defaults={"email": f"vetting@{DEMO_EMAIL_DOMAIN}", "is_staff": True, "is_active": False},
        )
        return admin

    def _user(self, email, password_hash, first="", last=""):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "password": password_hash, "first_name": first, "last_name": last}
        )
        if created:
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        return user

    def _organizations(self, seed, count, today, specialties, admin):
        password_hash = make_password(DEMO_PASSWORD)
        created, used_names = 0, set()
        for index in range(count):
            # One random stream per row keeps every row identical whatever already exists.
            rng = random.Random(f"{seed}-organization-{index}")
            country, places, languages = SITES[index % len(SITES)]
            place = places[(index // len(SITES)) % len(places)]
            template, focus = ORGANIZATIONS[index % len(ORGANIZATIONS)]
            name = distinct_organization_name(template, place, countries.name(country), used_names)
            used_names.add(name)
            slug = slugify(name)[:190]
            if Organization.objects.filter(slug=slug).exists():
                continue
            # Strength of sustainability practice: some exemplary, many middling, a few weak.
            strength = rng.choice([0.95, 0.85, 0.7, 0.55, 0.4, 0.2])

            def has(probability=strength, rng=rng):
                return rng.random() < probability

            year_round = has()
            assessed_needs = has()
            trains = has()
            organization = Organization.objects.create(
                name=name,
                slug=slug,
                website=f"https://{slug[:40]}.example.org",
                registration_country=rng.choice(["US", "US", "US", "CA", "GB"]),
                description=(
                    f"We work with the people of {place} on the health problems they named as most pressing. "
                    f"Our volunteers join local teams for one to three weeks at a time."
                ),
                is_faith_based=rng.random() < 0.45,
                countries_served=[country],
                runs_year_round_facility=year_round,
                year_round_facility_description=(
                    f"A {rng.choice(['12-bed', '30-bed', '60-bed'])} clinic in {place}, "
                    "staffed all year by local nurses."
                    if year_round
                    else ""
                ),
                has_follow_up_plan=year_round or has(strength / 2),
                follow_up_plan_description=(
                    "Local clinical officers see every patient at one week and six weeks." if year_round else ""
                ),
                # A clinic "staffed all year by local nurses" employs some.
                local_staff_employed=int(strength * rng.randint(0, 40)) + (6 if year_round else 0),
                hands_records_to_local_providers=has(),
                years_active_in_community=int(strength * rng.randint(1, 25)),
                needs_assessment_with_local_leaders=assessed_needs,
                needs_assessment_description=(
                    "Agreed with community leaders and reviewed every two years with the district health office."
                    if assessed_needs
                    else ""
                ),
                publishes_fee_breakdown=has(),
                share_of_fees_to_local_care=rng.choice([None, 35, 50, 65, 80]),
                trains_local_staff=trains,
                local_training_frequency=training_frequency(
                    rng.choice(
                        [vocabulary.TRAINING_OCCASIONAL, vocabulary.TRAINING_EACH_TRIP, vocabulary.TRAINING_YEAR_ROUND]
                    ),
                    trains=trains,
                    strength=strength,
                ),
                local_training_description=(
                    "Nurses and clinical officers, on every trip and by monthly video call." if trains else ""
                ),
                has_local_curriculum=has(strength - 0.2),
                mentors_local_clinicians=has(),
                education_audience=rng.choice(
                    [vocabulary.EDUCATION_LOCAL, vocabulary.EDUCATION_MIXED]
                    if strength > 0.5
                    else [vocabulary.EDUCATION_VOLUNTEERS, vocabulary.EDUCATION_NONE]
                ),
                offers_cultural_orientation=has(),
                has_safety_protocol=has(min(1, strength + 0.2)),
                offers_self_care_support=has(),
                offers_predeparture_briefing=has(min(1, strength + 0.1)),
                provides_evacuation_insurance=has(),
            )
            created += 1
            if rng.random() < strength + 0.1:
                LocalPartner.objects.create(
                    organization=organization,
                    name=f"{place} District Hospital",
                    country=country,
                    description="Hosts our teams and employs the staff who follow up our patients.",
                    contact_name=f"Dr. {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    contact_email=f"director.{slugify(place)}@{DEMO_EMAIL_DOMAIN}",
                    # The first language spoken there that the portal speaks: Honduras gets Spanish.
                    contact_language=next((code for code in languages if code in PORTAL_LANGUAGES), "en"),
                )
            owner = self._user(f"owner{index + 1:02d}@{DEMO_EMAIL_DOMAIN}", password_hash)
            OrganizationMembership.objects.create(organization=organization, user=owner, role="owner")
            self._vet(rng, organization, index, admin)
            self._trips(rng, organization, country, place, languages, today, specialties, focus)
        return created

    def _vet(self, rng, organization, index, admin):
        # A realistic queue: most verified, the rest in every other state.
        path = [
            [VettingStatus.VERIFIED],
            [VettingStatus.VERIFIED],
            [VettingStatus.VERIFIED],
            [VettingStatus.VERIFIED],
            [],
            [VettingStatus.NEEDS_INFORMATION],
            [VettingStatus.VERIFIED],
            [VettingStatus.REJECTED],
            [VettingStatus.VERIFIED],
            [VettingStatus.VERIFIED, VettingStatus.SUSPENDED],
        ][index % 10]
        reasons = {
            VettingStatus.VERIFIED: "Evidence reviewed with the local partner; references checked.",
            VettingStatus.NEEDS_INFORMATION: "Please send the follow-up plan and the fee breakdown.",
            VettingStatus.REJECTED: "No local partner and no plan for patients after the trip.",
            VettingStatus.SUSPENDED: "Complaint from the host clinic under review.",
        }
        for status in path:
            organization_change_vetting_status(
                organization=organization, to_status=status, decided_by=admin, reason=reasons[status]
            )

    def _trips(self, rng, organization, country, place, languages, today, specialties, focus):
        titles = set()
        for number in range(rng.randint(2, 5)):
            kind, specialty_slugs = TRIP_KINDS[focus[rng.randrange(len(focus))]]
            start = today + timedelta(days=rng.randint(50, 300))
            length = rng.choice([7, 10, 14, 14, 21])
            status = rng.choice([TripStatus.OPEN] * 7 + [TripStatus.DRAFT, TripStatus.CLOSED])
            ran_already = rng.random() < 0.12
            if number == 0:
                # Every verified organization has at least one trip people can apply to.
                status, ran_already = TripStatus.OPEN, False
            past_start = today - timedelta(days=rng.randint(40, 200)) if ran_already else None
            # The draws above happen for every organization so each row stays the same
            # whatever the vetting outcome; the outcome then decides what is plausible.
            if organization.vetting_status == VettingStatus.VERIFIED:
                if ran_already:
                    start, status = past_start, TripStatus.COMPLETED
            elif organization.vetting_status == VettingStatus.SUSPENDED:
                # Was verified once: its past and closed trips stay, nothing is open.
                if ran_already:
                    start, status = past_start, TripStatus.COMPLETED
                elif status == TripStatus.OPEN:
                    status = TripStatus.DRAFT
            else:
                # Never verified: it cannot have opened, closed or run a trip here.
                status = TripStatus.DRAFT
            title = trip_title(kind, place, start, titles)
            if title is None:
                continue
            titles.add(title)
            trip = Trip.objects.create(
                organization=organization,
                title=title,
                description=(
                    f"Work alongside the local team in {place}. Mornings in clinic or theatre, afternoons "
                    "teaching local staff, evenings reviewing cases together."
                ),
                country=country,
                place=place,
                start_date=start,
                end_date=start + timedelta(days=length - 1),
                application_deadline=start - timedelta(days=rng.choice([14, 30, 45])),
                cost_usd=rng.choice([0, 800, 1200, 1800, 2500, 3400]),
                cost_covers="Lodging, meals, ground transport and an in-country coordinator. Flights not included.",
                status=status,
                continuity_plan=(
                    f"{place} clinic staff see every patient at one and six weeks; we pay for their time."
                    if organization.has_follow_up_plan and rng.random() < 0.8
                    else ""
                ),
                supervision_provided=rng.random() < 0.6,
                accepted_training_levels=rng.choice(
                    [[], [], [vocabulary.ATTENDING, vocabulary.RETIRED], [vocabulary.RESIDENT, vocabulary.ATTENDING]]
                ),
                host_registration_requirements="Temporary licence from the national medical council (about 6 weeks).",
            )
            for slug in specialty_slugs:
                TripSpecialtyNeed.objects.create(trip=trip, specialty=specialties[slug], places=rng.randint(1, 4))
            for language in languages:
                TripLanguage.objects.create(trip=trip, language=language)

    def _physicians(self, seed, count, today, specialties):
        password_hash = make_password(DEMO_PASSWORD)
        all_specialties = sorted(specialties.values(), key=lambda s: s.slug)
        created = 0
        for index in range(count):
            rng = random.Random(f"{seed}-physician-{index}")
            email = f"physician{index + 1:03d}@{DEMO_EMAIL_DOMAIN}"
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            primary, *others = rng.sample(all_specialties, rng.randint(1, 3))
            weights = {key: rng.choice([0, 0, 1, 2, 3]) for key in vocabulary.MOTIVATION_KEYS}
            spoken = rng.sample(["es", "fr", "sw", "ht", "pt", "hi", "ar"], rng.randint(0, 2))
            region = rng.sample([key for key, _l in vocabulary.choices.REGION_CHOICES], rng.randint(0, 2))
            offset = rng.randint(0, 200)
            window_days = rng.choice([21, 45, 90, 180])
            training = rng.choice([vocabulary.ATTENDING] * 6 + [vocabulary.RESIDENT, vocabulary.RETIRED])
            years = years_in_practice(rng.randint(0, 35), training)
            budget = rng.choice([None, 1000, 2000, 3000, 5000])
            # Derived, not drawn, so the rest of the seeded data stays as it was; half the
            # retired physicians let their licence lapse, the case supervision exists for.
            licence = {
                vocabulary.RESIDENT: vocabulary.LICENCE_TRAINING,
                vocabulary.RETIRED: vocabulary.LICENCE_INACTIVE if index % 2 else vocabulary.LICENCE_ACTIVE,
            }.get(training, vocabulary.LICENCE_ACTIVE)
            if index == 0:
                # physician001, the login the README names, is a profile whose matches are many
                # and believable: a family doctor fluent in Spanish, free most of the year.
                primary, others = specialties["family-medicine"], [specialties["internal-medicine"]]
                spoken, region, offset, window_days = ["es"], [], 0, 330
                training, years, budget = vocabulary.ATTENDING, 14, None
                licence = vocabulary.LICENCE_ACTIVE
                weights = {key: 0 for key in vocabulary.MOTIVATION_KEYS} | {
                    "teaching": 3,
                    "continuity": 3,
                    "underserved": 2,
                    "immersion": 1,
                }
            if PhysicianProfile.objects.filter(user__username=email).exists():
                continue
            user = self._user(email, password_hash, first, last)
            profile = PhysicianProfile.objects.create(
                user=user,
                display_name=f"Dr. {first} {last}",
                primary_specialty=primary,
                training_level=training,
                licence_status=licence,
                licence_jurisdiction=rng.choice(JURISDICTIONS),
                licence_number=f"MD-{rng.randint(100000, 999999)}",
                board_certified=training == vocabulary.ATTENDING,
                years_in_practice=years,
                prior_mission_trips=rng.randint(0, 8),
                preferred_regions=region,
                max_budget_usd=budget,
                motivation_statement="I want my time to leave something behind for the local team.",
            )
            profile.other_specialties.set(others)
            PhysicianLanguage.objects.bulk_create(
                [PhysicianLanguage(physician=profile, language="en", proficiency=vocabulary.FLUENT)]
                + [
                    PhysicianLanguage(physician=profile, language=code, proficiency=rng.randint(1, 3))
                    for code in spoken
                ]
            )
            AvailabilityWindow.objects.create(
                physician=profile,
                start_date=today + timedelta(days=offset),
                end_date=today + timedelta(days=offset + window_days),
            )
            MotivationWeight.objects.bulk_create(
                [MotivationWeight(physician=profile, motivation=k, weight=w) for k, w in weights.items()]
            )
            created += 1
        return created
