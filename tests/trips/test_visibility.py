"""The visibility rule: only verified organizations and their open trips are public."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from organizations.models import VettingStatus
from tests.factories import MembershipFactory, OrganizationFactory, TripFactory
from trips.models import TripStatus
from trips.selectors import trip_list_public

pytestmark = pytest.mark.django_db

HIDDEN_VETTING = [
    VettingStatus.PENDING,
    VettingStatus.NEEDS_INFORMATION,
    VettingStatus.REJECTED,
    VettingStatus.SUSPENDED,
]


@pytest.fixture
def public_trip():
    return TripFactory(open=True, title="Visible surgical week")


@pytest.mark.parametrize("vetting_status", HIDDEN_VETTING)
def test_trips_of_unverified_organizations_never_appear(client, public_trip, vetting_status):
    hidden = TripFactory(
        open=True, title="Hidden outreach week", organization=OrganizationFactory(vetting_status=vetting_status)
    )
    assert list(trip_list_public()) == [public_trip]
    for url in [reverse("home"), reverse("trips:list"), reverse("organizations:list")]:
        body = client.get(url).content.decode()
        assert "Visible surgical week" in body or url == reverse("organizations:list")
        assert "Hidden outreach week" not in body
        assert hidden.organization.name not in body
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(hidden.organization.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("status", [TripStatus.DRAFT, TripStatus.CLOSED, TripStatus.COMPLETED, TripStatus.CANCELLED])
def test_trips_that_are_not_open_are_not_public(client, public_trip, status):
    hidden = TripFactory(status=status, title="Not open trip", organization=public_trip.organization)
    assert list(trip_list_public()) == [public_trip]
    assert "Not open trip" not in client.get(reverse("trips:list")).content.decode()
    assert "Not open trip" not in client.get(public_trip.organization.get_absolute_url()).content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_members_and_admins_still_see_their_unpublished_trip(client, admin_user):
    trip = TripFactory(organization=OrganizationFactory(), title="Draft trip")
    member = MembershipFactory(organization=trip.organization).user
    client.force_login(member)
    assert client.get(trip.get_absolute_url()).status_code == 200
    assert client.get(trip.organization.get_absolute_url()).status_code == 200
    client.force_login(admin_user)
    assert client.get(trip.get_absolute_url()).status_code == 200


def test_another_organizations_member_cannot_see_an_unpublished_trip(client):
    trip = TripFactory(organization=OrganizationFactory(), title="Draft trip")
    outsider = MembershipFactory(organization=OrganizationFactory(verified=True)).user
    client.force_login(outsider)
    assert client.get(trip.get_absolute_url()).status_code == 404
    assert client.get(trip.organization.get_absolute_url()).status_code == 404


def test_a_trip_past_its_deadline_leaves_the_lists_but_keeps_its_page(client, public_trip):
    late = TripFactory(open=True, organization=public_trip.organization, title="Deadline passed")
    late.application_deadline = timezone.localdate() - timedelta(days=1)
    late.save()
    assert "Deadline passed" not in client.get(reverse("trips:list")).content.decode()
    assert client.get(late.get_absolute_url()).status_code == 200
