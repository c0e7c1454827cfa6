from datetime import timedelta

import pytest
from django.utils import timezone

from organizations.selectors import organization_list_public
from tests.factories import OrganizationFactory, TripFactory
from trips.models import TripStatus

pytestmark = pytest.mark.django_db


def test_open_trip_count_matches_the_trips_people_can_apply_to():
    organization = OrganizationFactory(verified=True)
    TripFactory(open=True, organization=organization)
    TripFactory(organization=organization, status=TripStatus.CLOSED)
    past_deadline = TripFactory(open=True, organization=organization)
    past_deadline.application_deadline = timezone.localdate() - timedelta(days=1)
    past_deadline.save()
    (listed,) = organization_list_public()
    assert listed.open_trip_count == 1


def test_trip_is_public_follows_the_visibility_rule():
    assert TripFactory(open=True).is_public
    assert not TripFactory().is_public
    assert not TripFactory(open=True, organization=OrganizationFactory(vetting_status="suspended")).is_public
