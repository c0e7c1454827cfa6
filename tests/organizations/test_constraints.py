"""Integrity lives in the database: each bad value is rejected there, not only in forms."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from applications.models import Application, ApplicationStatus
from organizations.models import Organization, VettingDecision
from physicians.models import AvailabilityWindow, MotivationWeight, PhysicianLanguage
from physicians.specialties import common_specialty
from tests.factories import OrganizationFactory, PhysicianProfileFactory, TripFactory
from trips.models import TripSpecialtyNeed, TripStatusChange

pytestmark = pytest.mark.django_db


def rejected(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_trip_end_before_start_is_rejected():
    trip = TripFactory()
    trip.end_date = trip.start_date - timedelta(days=1)
    rejected(trip.save)


def test_trip_deadline_after_start_is_rejected():
    trip = TripFactory()
    trip.application_deadline = trip.start_date + timedelta(days=1)
    rejected(trip.save)


def test_trip_unknown_status_is_rejected():
    trip = TripFactory()
    trip.status = "published"
    rejected(trip.save)


def test_negative_cost_is_rejected():
    trip = TripFactory()
    trip.cost_usd = -1
    rejected(trip.save)


def test_zero_places_are_rejected():
    trip = TripFactory(needs={})
    rejected(lambda: TripSpecialtyNeed.objects.create(trip=trip, specialty=common_specialty("pediatrics"), places=0))


def test_a_specialty_can_never_be_overfilled():
    need = TripFactory(needs={"pediatrics": 1}).specialty_needs.get()
    need.places_filled = 2
    rejected(need.save)


def test_organization_slugs_are_unique():
    OrganizationFactory(slug="same")
    rejected(lambda: OrganizationFactory(slug="same"))


def test_fee_share_above_100_percent_is_rejected():
    rejected(lambda: OrganizationFactory(share_of_fees_to_local_care=101))


def test_unknown_vetting_status_is_rejected():
    rejected(lambda: OrganizationFactory(vetting_status="approved"))


def test_vetting_decision_needs_a_reason():
    organization = OrganizationFactory()
    rejected(
        lambda: VettingDecision.objects.create(
            organization=organization, from_status="pending", to_status="verified", reason=""
        )
    )


@pytest.mark.parametrize("weight", [-1, 4])
def test_motivation_weight_out_of_range_is_rejected(weight):
    physician = PhysicianProfileFactory()
    rejected(lambda: MotivationWeight.objects.create(physician=physician, motivation="teaching", weight=weight))


def test_unknown_motivation_is_rejected():
    physician = PhysicianProfileFactory()
    rejected(lambda: MotivationWeight.objects.create(physician=physician, motivation="fame", weight=2))


def test_language_proficiency_out_of_range_is_rejected():
    physician = PhysicianProfileFactory()
    rejected(lambda: PhysicianLanguage.objects.create(physician=physician, language="es", proficiency=4))


def test_availability_ending_before_it_starts_is_rejected():
    physician = PhysicianProfileFactory(available=False)
    rejected(
        lambda: AvailabilityWindow.objects.create(physician=physician, start_date="2027-03-10", end_date="2027-03-01")
    )


def test_one_active_application_per_trip_and_physician():
    trip = TripFactory(open=True)
    physician = PhysicianProfileFactory()
    Application.objects.create(physician=physician, trip=trip, specialty=physician.primary_specialty)
    rejected(lambda: Application.objects.create(physician=physician, trip=trip, specialty=physician.primary_specialty))


def test_a_withdrawn_application_does_not_block_a_new_one():
    trip = TripFactory(open=True)
    physician = PhysicianProfileFactory()
    Application.objects.create(
        physician=physician, trip=trip, specialty=physician.primary_specialty, status=ApplicationStatus.WITHDRAWN
    )
    Application.objects.create(physician=physician, trip=trip, specialty=physician.primary_specialty)
    assert Application.objects.filter(physician=physician, trip=trip).count() == 2


def test_organization_defaults_to_pending():
    assert Organization.objects.create(name="New", slug="new", registration_country="US").vetting_status == "pending"


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [("approved", "verified"), ("pending", "approved"), ("", "verified"), ("verified", "verified")],
)
def test_vetting_decision_statuses_must_be_known_and_different(from_status, to_status):
    organization = OrganizationFactory()
    rejected(
        lambda: VettingDecision.objects.create(
            organization=organization, from_status=from_status, to_status=to_status, reason="Checked."
        )
    )


def test_a_valid_vetting_decision_is_accepted():
    organization = OrganizationFactory()
    VettingDecision.objects.create(
        organization=organization, from_status="pending", to_status="verified", reason="Checked."
    )
    assert VettingDecision.objects.count() == 1


@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [("published", "open"), ("draft", "published"), ("", "open"), ("open", "open")],
)
def test_trip_status_change_statuses_must_be_known_and_different(from_status, to_status):
    trip = TripFactory()
    rejected(lambda: TripStatusChange.objects.create(trip=trip, from_status=from_status, to_status=to_status))


def test_a_valid_trip_status_change_is_accepted():
    TripStatusChange.objects.create(trip=TripFactory(), from_status="draft", to_status="open")
    assert TripStatusChange.objects.count() == 1


def test_negative_physician_budget_is_rejected():
    physician = PhysicianProfileFactory()
    physician.max_budget_usd = -1
    rejected(physician.save)
