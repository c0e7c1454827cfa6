from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from organizations.models import VettingStatus
from tests.factories import OrganizationFactory, TripFactory
from trips.models import TripStatus, TripStatusChange
from trips.services import trip_change_status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "vetting_status",
    [VettingStatus.PENDING, VettingStatus.NEEDS_INFORMATION, VettingStatus.REJECTED, VettingStatus.SUSPENDED],
)
def test_an_unverified_organization_cannot_open_a_trip(vetting_status):
    trip = TripFactory(organization=OrganizationFactory(vetting_status=vetting_status))
    with pytest.raises(ValidationError, match="not verified"):
        trip_change_status(trip=trip, to_status=TripStatus.OPEN)
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT
    assert not TripStatusChange.objects.exists()


def test_a_verified_organization_opens_a_trip_and_it_is_recorded(member):
    trip = TripFactory()
    trip_change_status(trip=trip, to_status=TripStatus.OPEN, changed_by=member)
    trip.refresh_from_db()
    assert trip.status == TripStatus.OPEN
    change = TripStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == ("draft", "open", member)


def test_a_trip_without_places_cannot_open():
    trip = TripFactory(needs={})
    with pytest.raises(ValidationError, match="specialty"):
        trip_change_status(trip=trip, to_status=TripStatus.OPEN)


def test_a_trip_past_its_deadline_cannot_open():
    trip = TripFactory()
    with pytest.raises(ValidationError, match="deadline"):
        trip_change_status(trip=trip, to_status=TripStatus.OPEN, today=trip.application_deadline + timedelta(days=1))


def test_a_cancelled_trip_stays_cancelled():
    trip = TripFactory(open=True)
    trip_change_status(trip=trip, to_status=TripStatus.CANCELLED)
    with pytest.raises(ValidationError):
        trip_change_status(trip=trip, to_status=TripStatus.OPEN)


def test_a_future_trip_cannot_be_completed():
    trip = TripFactory(status=TripStatus.CLOSED)
    with pytest.raises(ValidationError, match="started"):
        trip_change_status(trip=trip, to_status=TripStatus.COMPLETED, today=timezone.localdate())
