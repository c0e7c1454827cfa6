"""The permission rules themselves: who may see and change an organization and its trips,
and what they cost in queries (pages ask them once per request, lists never per row)."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from organizations.models import MembershipRole
from tests.factories import MembershipFactory, OrganizationFactory, TripFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending():
    return OrganizationFactory()


def test_a_verified_organization_is_public_without_a_query(django_assert_num_queries):
    organization = OrganizationFactory(verified=True)
    anonymous, user = AnonymousUser(), UserFactory()
    with django_assert_num_queries(0):
        assert anonymous.has_perm("organizations.view_organization", organization)
        assert user.has_perm("organizations.view_organization", organization)


def test_an_unverified_organization_is_seen_by_its_members_and_staff_only(pending, django_assert_num_queries):
    member = MembershipFactory(organization=pending, role=MembershipRole.EDITOR).user
    outsider = MembershipFactory(organization=OrganizationFactory(verified=True)).user
    staff = UserFactory(is_staff=True)
    assert member.has_perm("organizations.view_organization", pending)
    assert not outsider.has_perm("organizations.view_organization", pending)
    assert not AnonymousUser().has_perm("organizations.view_organization", pending)
    with django_assert_num_queries(0):  # staff is answered before any membership is looked up
        assert staff.has_perm("organizations.view_organization", pending)


def test_only_owners_invite_not_editors_nor_superusers(pending):
    owner = MembershipFactory(organization=pending, role=MembershipRole.OWNER).user
    editor = MembershipFactory(organization=pending, role=MembershipRole.EDITOR).user
    superuser = UserFactory(is_staff=True, is_superuser=True)
    assert rules.test_rule("organizations.invite_member", owner, pending)
    assert not rules.test_rule("organizations.invite_member", editor, pending)
    assert not rules.test_rule("organizations.invite_member", superuser, pending)
    # ... while a superuser may change the organization, as every administrator may.
    assert superuser.has_perm("organizations.change_organization", pending)
    assert editor.has_perm("organizations.change_organization", pending)


def test_a_trip_is_changed_by_its_organizations_members_and_staff(pending):
    trip = TripFactory(organization=pending)
    assert MembershipFactory(organization=pending).user.has_perm("trips.change_trip", trip)
    assert UserFactory(is_staff=True).has_perm("trips.change_trip", trip)
    assert not MembershipFactory(organization=OrganizationFactory(verified=True)).user.has_perm(
        "trips.change_trip", trip
    )
    assert not AnonymousUser().has_perm("trips.change_trip", trip)


def test_trips_are_created_by_members_of_that_organization(pending):
    member = MembershipFactory(organization=pending).user
    other = OrganizationFactory(verified=True)
    assert member.has_perm("trips.add_trip") and member.has_perm("trips.add_trip", pending)
    assert not member.has_perm("trips.add_trip", other)
    assert not UserFactory().has_perm("trips.add_trip")
