"""Invite to apply: from suggested volunteers, by email through the outbox, answered by the
physician, lapsing at the deadline, capped a day per trip, switched off by the physician,
and never suggested twice."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus, InvitationStatus, TripInvitation
from applications.services import application_create, trip_invitation_create, trip_invitation_decline
from matching.selectors import trip_for_matching
from matching.suggestion_reads import suggested_volunteers_for_trip
from notifications.models import OutboundEmail
from physicians.specialties import common_specialty
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip(organization):
    return TripFactory(open=True, organization=organization)


def suggested_ids(trip):
    return [s.physician.pk for s in suggested_volunteers_for_trip(trip=trip_for_matching(pk=trip.pk))]


def invite(trip, physician, by, note=""):
    return trip_invitation_create(trip=trip, physician=physician, invited_by=by, note=note)


def test_an_invitation_emails_the_physician_with_the_trip_and_the_note(trip, member, physician):
    invitation = invite(trip, physician, member, note="Our midwives would love to learn ultrasound from you.")
    email = OutboundEmail.objects.get()
    assert email.to == physician.user.email
    assert trip.title in email.subject and trip.organization.name in email.subject
    assert "Our midwives would love to learn ultrasound from you." in email.body
    assert f"{trip.get_absolute_url()}#apply" in email.body
    assert reverse("applications:mine") in email.body
    assert invitation.status == InvitationStatus.PENDING and invitation.expires_on == trip.application_deadline


def test_the_physician_sees_the_invitation_and_can_apply(client, trip, member, physician):
    invite(trip, physician, member, note="Come teach.")
    client.force_login(physician.user)
    page = client.get(reverse("applications:mine")).content.decode()
    assert "Invitations to apply" in page and trip.title in page and "Come teach." in page
    assert f'href="{trip.get_absolute_url()}#apply"' in page
    application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    assert TripInvitation.objects.get().status == InvitationStatus.APPLIED
    assert "Invitations to apply" not in client.get(reverse("applications:mine")).content.decode()


def test_the_physician_can_decline_and_is_not_suggested_again(client, trip, member, physician):
    invitation = invite(trip, physician, member)
    client.force_login(physician.user)
    response = client.post(reverse("applications:invitation-decline", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED and invitation.answered_at is not None
    assert "Invitations to apply" not in client.get(reverse("applications:mine")).content.decode()
    assert physician.pk not in suggested_ids(trip)
    with pytest.raises(ValidationError):
        invite(trip, physician, member)


def test_only_the_invited_physician_can_decline(client, trip, member, physician):
    invitation = invite(trip, physician, member)
    other = PhysicianProfileFactory()
    client.force_login(other.user)
    assert client.post(reverse("applications:invitation-decline", args=[invitation.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        trip_invitation_decline(invitation=invitation, by_user=other.user)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_an_invitation_lapses_at_the_trips_deadline(client, trip, member, physician):
    invite(trip, physician, member)
    trip.__class__.objects.filter(pk=trip.pk).update(application_deadline=timezone.localdate() - timedelta(days=1))
    client.force_login(physician.user)
    assert "Invitations to apply" not in client.get(reverse("applications:mine")).content.decode()


def test_no_invitation_to_a_trip_past_its_deadline(trip, member, physician):
    trip.__class__.objects.filter(pk=trip.pk).update(application_deadline=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ValidationError, match="not taking applications"):
        invite(trip, physician, member)


def test_an_organization_may_send_only_so_many_a_day_per_trip(settings, trip, member):
    settings.TRIP_INVITATIONS_PER_DAY = 2
    first, second, third = (PhysicianProfileFactory() for _ in range(3))
    invite(trip, first, member)
    invite(trip, second, member)
    with pytest.raises(ValidationError, match="2 invitations a day"):
        invite(trip, third, member)
    # Yesterday's invitations do not count against today.
    TripInvitation.objects.update(created_at=timezone.now() - timedelta(days=1))
    invite(trip, third, member)
    # The allowance is per trip.
    invite(TripFactory(open=True, organization=trip.organization), PhysicianProfileFactory(), member)


def test_a_physician_can_switch_invitations_off_and_on(client, trip, member, physician):
    client.force_login(physician.user)
    client.post(reverse("applications:invitations-setting"))
    physician.refresh_from_db()
    assert physician.accepts_invitations is False
    with pytest.raises(ValidationError, match="does not take invitations"):
        invite(trip, physician, member)
    client.force_login(member)
    page = client.get(reverse("matching:suggested-volunteers", args=[trip.pk])).content.decode()
    assert "This physician does not take invitations." in page
    client.force_login(physician.user)
    client.post(reverse("applications:invitations-setting"), {"accepts": "on"})
    physician.refresh_from_db()
    assert physician.accepts_invitations is True


@pytest.mark.parametrize(
    "status", [ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN, ApplicationStatus.SUBMITTED]
)
def test_a_physician_who_applied_was_declined_or_withdrew_is_not_suggested_nor_invited(trip, member, status):
    physician = PhysicianProfileFactory()
    assert physician.pk in suggested_ids(trip)
    ApplicationFactory(trip=trip, physician=physician, status=status)
    assert physician.pk not in suggested_ids(trip)
    with pytest.raises(ValidationError):
        invite(trip, physician, member)


def test_an_expired_application_does_not_keep_a_physician_from_being_suggested(trip):
    physician = PhysicianProfileFactory()
    ApplicationFactory(trip=trip, physician=physician, status=ApplicationStatus.EXPIRED)
    assert physician.pk in suggested_ids(trip)


def test_invite_from_the_suggestions_page(client, trip, member, physician):
    client.force_login(member)
    url = reverse("matching:suggested-volunteers", args=[trip.pk])
    page = client.get(url).content.decode()
    assert f"Invite {physician.display_name} to apply" in page
    response = client.post(
        reverse("applications:invite", args=[trip.pk]), {"physician": physician.pk, "note": "Join us."}
    )
    assert response["Location"] == url
    assert TripInvitation.objects.get().note == "Join us."
    page = client.get(url).content.decode()
    assert "has been invited by email to apply" in page
    assert f"Invite {physician.display_name} to apply" not in page  # not suggested again


def test_only_the_trips_organization_can_invite(client, trip, physician):
    outsider = MembershipFactory(organization=OrganizationFactory(verified=True)).user
    client.force_login(outsider)
    response = client.post(reverse("applications:invite", args=[trip.pk]), {"physician": physician.pk})
    assert response.status_code == 404
    client.force_login(physician.user)
    assert client.post(reverse("applications:invite", args=[trip.pk]), {"physician": physician.pk}).status_code == 404
    with pytest.raises(PermissionDenied):
        invite(trip, physician, outsider)
    assert not TripInvitation.objects.exists() and not OutboundEmail.objects.exists()
    client.logout()
    response = client.post(reverse("applications:invite", args=[trip.pk]), {"physician": physician.pk})
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("value", ["", "abc", "99999999", "1 OR 1=1"])
def test_a_bad_physician_id_is_a_message_not_an_error(client, trip, member, value):
    client.force_login(member)
    response = client.post(reverse("applications:invite", args=[trip.pk]), {"physician": value}, follow=True)
    assert response.status_code == 200
    assert "Choose a physician from the suggestions." in response.content.decode()
    assert not TripInvitation.objects.exists()
