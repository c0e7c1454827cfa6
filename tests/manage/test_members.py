from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organizations.models import MembershipRole, OrganizationInvitation
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_owner_invites_and_the_invitee_joins(client, organization, member, django_capture_on_commit_callbacks):
    client.force_login(member)  # factories make owners
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("manage:members", args=[organization.slug]), {"email": "Ed@Example.org", "role": "editor"})
    invitation = OrganizationInvitation.objects.get()
    assert mail.outbox[0].to == ["ed@example.org"] and invitation.token in mail.outbox[0].body
    accept = reverse("manage:accept-invitation", args=[invitation.token])

    client.force_login(UserFactory(email="someone.else@example.org"))
    client.post(accept)
    assert not organization.memberships.filter(user__email="someone.else@example.org").exists()

    editor = UserFactory(email="ed@example.org")
    client.force_login(editor)
    response = client.post(accept)
    assert response["Location"] == reverse("manage:dashboard", args=[organization.slug])
    assert organization.memberships.get(user=editor).role == MembershipRole.EDITOR
    response = client.post(accept, follow=True)
    assert "already been used" in response.content.decode()


def test_editors_cannot_invite(client, organization):
    editor = MembershipFactory(organization=organization, role=MembershipRole.EDITOR).user
    client.force_login(editor)
    assert client.get(reverse("manage:members", args=[organization.slug])).status_code == 200
    response = client.post(
        reverse("manage:members", args=[organization.slug]), {"email": "x@example.org", "role": "owner"}
    )
    assert response.status_code == 403
    assert not OrganizationInvitation.objects.exists()


def test_expired_invitations_do_not_work(client, organization, member):
    client.force_login(member)
    client.post(reverse("manage:members", args=[organization.slug]), {"email": "late@example.org", "role": "editor"})
    invitation = OrganizationInvitation.objects.get()
    late = UserFactory(email="late@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        client.force_login(late)  # sessions themselves last two weeks
        response = client.post(reverse("manage:accept-invitation", args=[invitation.token]), follow=True)
    assert "expired" in response.content.decode()
    assert not organization.memberships.filter(user=late).exists()
