"""Destructive actions ask first, on a page that works without JavaScript and says what will happen."""

import pytest
from django.urls import reverse

from applications.models import ApplicationStatus
from applications.services import application_create, application_decide
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory
from trips.models import TripStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip(organization):
    return TripFactory(open=True, organization=organization, needs={"family-medicine": 5})


def apply(trip, physician=None):
    physician = physician or PhysicianProfileFactory()
    return application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))


def test_withdrawing_asks_first_and_says_what_follows(client, trip, member, physician):
    application = apply(trip, physician)
    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    client.force_login(physician.user)
    mine = client.get(reverse("applications:mine")).content.decode()
    url = reverse("applications:withdraw", args=[application.pk])
    assert f'href="{url}"' in mine
    page = client.get(url).content.decode()
    assert "Withdraw your application?" in page and trip.title in page
    assert "Your place is given up" in page and f'action="{url}"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED  # asking changed nothing
    client.post(url)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_nobody_else_sees_the_withdraw_confirmation(client, trip, member):
    application = apply(trip)
    url = reverse("applications:withdraw", args=[application.pk])
    for user in (member, PhysicianProfileFactory().user):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_declining_asks_first_and_keeps_the_note(client, trip, member):
    application = apply(trip)
    client.force_login(member)
    url = reverse("applications:decide", args=[application.pk])
    assert (
        f'href="{url}?decision=declined"' in client.get(reverse("applications:inbox", args=[trip.pk])).content.decode()
    )
    page = client.get(url, {"decision": "declined"}).content.decode()
    assert "Decline this application?" in page and application.physician.display_name in page
    assert 'name="note"' in page and 'value="declined"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    client.post(url, {"decision": "declined", "note": "Places went to Spanish speakers."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert application.decisions.first().note == "Places went to Spanish speakers."


def test_outsiders_cannot_open_the_decline_confirmation(client, trip):
    application = apply(trip)
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    assert (
        client.get(reverse("applications:decide", args=[application.pk]), {"decision": "declined"}).status_code == 404
    )


def test_cancelling_a_trip_says_how_many_applicants_are_declined_and_emailed(client, trip, member):
    for _ in range(3):
        apply(trip)
    client.force_login(member)
    url = reverse("manage:trip-status", args=[trip.organization.slug, trip.pk])
    dashboard = client.get(reverse("manage:dashboard", args=[trip.organization.slug])).content.decode()
    assert f'href="{url}?status=cancelled"' in dashboard
    page = client.get(url, {"status": "cancelled"}).content.decode()
    assert "It declines 3 applications still waiting or accepted, and emails each applicant." in page
    assert "Cancel the trip and email 3 applicants" in page
    trip.refresh_from_db()
    assert trip.status == TripStatus.OPEN
    client.post(url, {"status": "cancelled"})
    trip.refresh_from_db()
    assert trip.status == TripStatus.CANCELLED


def test_cancel_confirmation_is_for_members_only(client, trip):
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    url = reverse("manage:trip-status", args=[trip.organization.slug, trip.pk])
    assert client.get(url, {"status": "cancelled"}).status_code == 404
