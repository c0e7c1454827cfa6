"""factory_boy factories. States are traits (`OrganizationFactory(verified=True)`)."""

import io
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image
from pypdf import PdfWriter

import vocabulary
from applications.models import Application
from credentials.models import CredentialDocument, ReviewStatus
from matching.generation import engine_input_changed, volunteer_input_changed
from organizations.models import LocalPartner, MembershipRole, Organization, OrganizationMembership, VettingStatus
from physicians.models import AvailabilityWindow, MotivationWeight, PhysicianLanguage, PhysicianProfile, Specialty
from physicians.specialties import common_specialty
from trips.models import Trip, TripLanguage, TripSpecialtyNeed, TripStatus

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    username = factory.SelfAttribute("email")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class SpecialtyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specialty
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Specialty {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Mission Organization {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    registration_country = "US"
    countries_served = ["NI"]
    vetting_status = VettingStatus.PENDING

    class Params:
        verified = factory.Trait(vetting_status=VettingStatus.VERIFIED)
        strong_evidence = factory.Trait(
            runs_year_round_facility=True,
            year_round_facility_description="A 30-bed clinic open all year.",
            has_follow_up_plan=True,
            follow_up_plan_description="Local nurses review every patient at one and six weeks.",
            local_staff_employed=25,
            hands_records_to_local_providers=True,
            years_active_in_community=15,
            needs_assessment_with_local_leaders=True,
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
            provides_evacuation_insurance=True,
        )

    @factory.post_generation
    def engine_input(obj, create, extracted, **kwargs):
        """Factories write rows directly, not through the services: they bump the engine-input
        generation as the services do, so the next matches page reads the new rows."""
        if create:
            engine_input_changed()


class LocalPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalPartner
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"District Hospital {n}")
    country = "NI"

    @factory.post_generation
    def engine_input(obj, create, extracted, **kwargs):
        """Factories write rows directly, not through the services: they bump the engine-input
        generation as the services do, so the next matches page reads the new rows."""
        if create:
            engine_input_changed()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationMembership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = MembershipRole.OWNER


class PhysicianProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhysicianProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Dr. Volunteer {n}")
    primary_specialty = factory.LazyFunction(lambda: common_specialty("family-medicine"))
    licence_jurisdiction = "California"
    licence_number = factory.Sequence(lambda n: f"LIC-SECRET-{n:05d}")
    years_in_practice = 10

    @factory.post_generation
    def available(profile, create, extracted, **kwargs):
        """A default availability window covering the next year, unless `available=False`."""
        if create and extracted is not False:
            today = timezone.localdate()
            AvailabilityWindow.objects.create(physician=profile, start_date=today, end_date=today + timedelta(days=365))

    @factory.post_generation
    def motivations(profile, create, extracted, **kwargs):
        if create and extracted:
            MotivationWeight.objects.bulk_create(
                [MotivationWeight(physician=profile, motivation=k, weight=w) for k, w in extracted.items()]
            )

    @factory.post_generation
    def languages(profile, create, extracted, **kwargs):
        if create and extracted:
            PhysicianLanguage.objects.bulk_create(
                [PhysicianLanguage(physician=profile, language=code, proficiency=p) for code, p in extracted.items()]
            )

    @factory.post_generation
    def volunteer_input(profile, create, extracted, **kwargs):
        """Last of the hooks: the physician's rows are written, so bump the volunteer-input
        generation as the services do."""
        if create:
            volunteer_input_changed(physician_ids=[profile.pk])


class TripFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trip
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory, verified=True)
    title = factory.Sequence(lambda n: f"Surgical week {n}")
    country = "NI"
    place = "Jinotega"
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=13))
    application_deadline = factory.LazyAttribute(lambda o: o.start_date - timedelta(days=30))
    cost_usd = 1200
    status = TripStatus.DRAFT

    class Params:
        open = factory.Trait(status=TripStatus.OPEN)

    @factory.post_generation
    def needs(trip, create, extracted, **kwargs):
        """`needs={"family-medicine": 2}`; by default two family-medicine places."""
        if not create:
            return
        for slug, places in (extracted if extracted is not None else {"family-medicine": 2}).items():
            TripSpecialtyNeed.objects.create(trip=trip, specialty=common_specialty(slug), places=places)

    @factory.post_generation
    def languages(trip, create, extracted, **kwargs):
        if create and extracted:
            TripLanguage.objects.bulk_create([TripLanguage(trip=trip, language=code) for code in extracted])

    @factory.post_generation
    def engine_input(obj, create, extracted, **kwargs):
        """Factories write rows directly, not through the services: they bump the engine-input
        generation as the services do, so the next matches page reads the new rows."""
        if create:
            engine_input_changed()


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    physician = factory.SubFactory(PhysicianProfileFactory)
    trip = factory.SubFactory(TripFactory, open=True)
    specialty = factory.LazyAttribute(lambda o: o.physician.primary_specialty)


def pdf_bytes():
    """A real one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(image_format="PNG"):
    """A real small PNG or JPEG."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format=image_format)
    return out.getvalue()


class CredentialDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CredentialDocument

    physician = factory.SubFactory(PhysicianProfileFactory)
    kind = vocabulary.MEDICAL_LICENCE
    issuer = "Medical Board of California"
    number = factory.Sequence(lambda n: f"A{n:06d}")
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=700))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=700))
    file = factory.django.FileField(filename="licence.pdf", data=factory.LazyFunction(pdf_bytes))
    content_type = "application/pdf"
    size_bytes = factory.LazyAttribute(lambda o: o.file.size if hasattr(o.file, "size") else 0)

    class Params:
        verified = factory.Trait(review_status=ReviewStatus.VERIFIED, reviewed_at=factory.LazyFunction(timezone.now))
        rejected = factory.Trait(review_status=ReviewStatus.REJECTED, review_reason="Illegible scan.")
