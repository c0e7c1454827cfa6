"""Removing a member: owners only, through a confirmation page, never the last owner (issue 15)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from notifications.models import OutboundEmail
from organizations.models import MembershipRole, OrganizationMembership
from organizations.services import membership_remove
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    organization = OrganizationFactory(verified=True, name="Healing Hands")
    owner = MembershipFactory(organization=organization, role=MembershipRole.OWNER)
    editor = MembershipFactory(
        organization=organization,
        role=MembershipRole.EDITOR,
        user=UserFactory(email="ana@example.org", first_name="Ana", last_name="Ruiz"),
    )
    return organization, owner, editor


def remove_url(organization, membership):
    return reverse("manage:member-remove", args=[organization.slug, membership.pk])


def test_an_owner_removes_an_editor_after_confirming(client, team):
    organization, owner, editor = team
    client.force_login(owner.user)
    members_page = client.get(reverse("manage:members", args=[organization.slug]))
    assert remove_url(organization, editor).encode() in members_page.content

    confirmation = client.get(remove_url(organization, editor))
    assert confirmation.status_code == 200
    text = confirmation.content.decode()
    assert "This removes Ana Ruiz from Healing Hands; they lose access to its trips and applications." in text
    assert f'action="{remove_url(organization, editor)}"' in text
    assert OrganizationMembership.objects.filter(pk=editor.pk).exists()  # a GET changes nothing

    response = client.post(remove_url(organization, editor), follow=True)
    assert response.redirect_chain[-1][0] == reverse("manage:members", args=[organization.slug])
    assert "Ana Ruiz is no longer a member of Healing Hands." in response.content.decode()
    assert not OrganizationMembership.objects.filter(pk=editor.pk).exists()
    (email,) = OutboundEmail.objects.filter(to="ana@example.org")
    assert "Healing Hands" in email.subject
    assert "no longer have access to its trips and applications" in email.body


def test_an_editor_may_not_remove_anyone(client, team):
    organization, owner, editor = team
    client.force_login(editor.user)
    assert client.get(remove_url(organization, owner)).status_code == 403
    assert client.post(remove_url(organization, owner)).status_code == 403
    assert OrganizationMembership.objects.filter(pk=owner.pk).exists()
    members_page = client.get(reverse("manage:members", args=[organization.slug]))
    assert remove_url(organization, owner).encode() not in members_page.content


def test_a_superuser_who_is_not_an_owner_may_not_remove_a_member(client, team):
    organization, _owner, editor = team
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.post(remove_url(organization, editor)).status_code == 403
    with pytest.raises(PermissionDenied):
        membership_remove(organization=organization, membership=editor, removed_by=UserFactory(is_superuser=True))
    assert OrganizationMembership.objects.filter(pk=editor.pk).exists()


def test_the_last_owner_cannot_be_removed_not_even_by_themselves(client, team):
    organization, owner, _editor = team
    client.force_login(owner.user)
    response = client.post(remove_url(organization, owner), follow=True)
    assert "is the last owner of Healing Hands and cannot be removed" in response.content.decode()
    assert "Make someone else an owner first." in response.content.decode()
    assert OrganizationMembership.objects.filter(pk=owner.pk).exists()
    assert not OutboundEmail.objects.exists()
    with pytest.raises(ValidationError):
        membership_remove(organization=organization, membership=owner, removed_by=owner.user)


def test_one_of_two_owners_may_be_removed(team):
    organization, owner, _editor = team
    second = MembershipFactory(organization=organization, role=MembershipRole.OWNER)
    membership_remove(organization=organization, membership=second, removed_by=owner.user)
    assert not OrganizationMembership.objects.filter(pk=second.pk).exists()


def test_another_organizations_member_is_not_found(client, team):
    organization, owner, _editor = team
    stranger = MembershipFactory(organization=OrganizationFactory(verified=True), role=MembershipRole.EDITOR)
    client.force_login(owner.user)
    assert client.get(remove_url(organization, stranger)).status_code == 404
    assert client.post(remove_url(organization, stranger)).status_code == 404
    assert OrganizationMembership.objects.filter(pk=stranger.pk).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, team):
    organization, _owner, editor = team
    for response in (client.get(remove_url(organization, editor)), client.post(remove_url(organization, editor))):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    assert OrganizationMembership.objects.filter(pk=editor.pk).exists()
