"""Trip status in Django admin goes through the same rules and history as the pages."""

import pytest
from django.urls import reverse

from organizations.models import VettingStatus
from tests.factories import OrganizationFactory, TripFactory
from trips.models import TripStatus, TripStatusChange

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:trips_trip_changelist")


def test_status_is_read_only_on_the_change_form(admin_client):
    trip = TripFactory(organization=OrganizationFactory(vetting_status=VettingStatus.PENDING))
    page = admin_client.get(reverse("admin:trips_trip_change", args=[trip.pk]))
    assert page.status_code == 200
    assert b'name="status"' not in page.content


def test_open_action_records_history(admin_client, admin_user):
    trip = TripFactory()
    response = admin_client.post(CHANGELIST, {"action": "open_trips", "_selected_action": [trip.pk]}, follow=True)
    assert response.status_code == 200
    trip.refresh_from_db()
    assert trip.status == TripStatus.OPEN
    change = TripStatusChange.objects.get(trip=trip)
    assert (change.from_status, change.to_status, change.changed_by) == (TripStatus.DRAFT, TripStatus.OPEN, admin_user)


def test_admin_cannot_open_a_trip_of_an_unverified_organization(admin_client):
    trip = TripFactory(organization=OrganizationFactory(vetting_status=VettingStatus.PENDING))
    response = admin_client.post(CHANGELIST, {"action": "open_trips", "_selected_action": [trip.pk]}, follow=True)
    assert response.status_code == 200
    assert "not verified" in response.content.decode()
    trip.refresh_from_db()
    assert trip.status == TripStatus.DRAFT
    assert not TripStatusChange.objects.filter(trip=trip).exists()


def test_invalid_transition_is_a_message_not_an_error(admin_client):
    trip = TripFactory(status=TripStatus.CANCELLED)
    response = admin_client.post(CHANGELIST, {"action": "complete_trips", "_selected_action": [trip.pk]}, follow=True)
    assert response.status_code == 200
    assert "cannot become completed" in response.content.decode()
    trip.refresh_from_db()
    assert trip.status == TripStatus.CANCELLED


def test_trips_and_organizations_are_never_deleted_in_admin(admin_client):
    trip = TripFactory()
    assert admin_client.get(reverse("admin:trips_trip_delete", args=[trip.pk])).status_code == 403
    organization = trip.organization
    assert (
        admin_client.get(reverse("admin:organizations_organization_delete", args=[organization.pk])).status_code == 403
    )
    changelist = admin_client.get(CHANGELIST).content.decode()
    assert "delete_selected" not in changelist
