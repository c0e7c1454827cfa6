"""A withdrawal tells the organization; the organization's note on a decision reaches the physician's page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.models import ApplicationStatus
from applications.services import application_create, application_decide, application_withdraw
from notifications.models import OutboundEmail
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, PhysicianProfileFactory, TripFactory

pytestmark = pytest.mark.django_db

FAMILY = "family-medicine"


@pytest.fixture
def trip(organization):
    return TripFactory(open=True, organization=organization, needs={FAMILY: 2})


def apply(physician, trip):
    return application_create(physician=physician, trip=trip, specialty=common_specialty(FAMILY))


@pytest.mark.parametrize("accepted_first", [False, True])
def test_a_withdrawal_emails_every_member_of_the_organization(trip, physician, member, accepted_first):
    other_member = MembershipFactory(organization=trip.organization, role="editor").user
    application = apply(physician, trip)
    if accepted_first:
        application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    OutboundEmail.objects.all().delete()
    application_withdraw(application=application, by_user=physician.user)
    emails = OutboundEmail.objects.all()
    assert {e.to for e in emails} == {member.email, other_member.email}
    email = emails[0]
    assert physician.display_name in email.subject and trip.title in email.subject
    assert reverse("applications:inbox", args=[trip.pk]) in email.body
    assert ("place is open again" in email.body) is accepted_first


def test_a_refused_withdrawal_emails_nobody(trip, physician, member):
    application = apply(physician, trip)
    application_decide(application=application, decision=ApplicationStatus.DECLINED, decided_by=member)
    OutboundEmail.objects.all().delete()
    with pytest.raises(ValidationError):
        application_withdraw(application=application, by_user=physician.user)
    assert not OutboundEmail.objects.exists()


def test_the_organizations_note_shows_on_the_physicians_applications_page(trip, physician, member, client):
    application = apply(physician, trip)
    application_decide(
        application=application,
        decision=ApplicationStatus.WAITLISTED,
        decided_by=member,
        note="We will know about a second place by March.",
    )
    client.force_login(physician.user)
    page = client.get(reverse("applications:mine")).content.decode()
    assert "We will know about a second place by March." in page
    assert f"{trip.organization.name}'s note:" in page


def test_the_note_shown_is_the_latest_decisions(trip, physician, member, client):
    application = apply(physician, trip)
    application_decide(
        application=application, decision=ApplicationStatus.WAITLISTED, decided_by=member, note="Waiting on funds."
    )
    application_decide(
        application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member, note="Welcome aboard."
    )
    client.force_login(physician.user)
    page = client.get(reverse("applications:mine")).content.decode()
    assert "Welcome aboard." in page and "Waiting on funds." not in page


def test_another_physicians_notes_are_not_shown(trip, physician, member, client):
    application = apply(physician, trip)
    application_decide(
        application=application, decision=ApplicationStatus.DECLINED, decided_by=member, note="Private to them."
    )
    client.force_login(PhysicianProfileFactory().user)
    assert "Private to them." not in client.get(reverse("applications:mine")).content.decode()
