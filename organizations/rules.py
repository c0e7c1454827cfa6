"""Who may see and change an organization, stated once; pages, the API, templates and
services ask here (`user.has_perm(perm, organization)`, `rules.test_rule(name, user, organization)`).

A permission (`add_perm`) is granted to every superuser by Django itself, so what even an
administrator may not do for an organization (inviting its members) is a rule (`add_rule`)."""

import rules

from .models import MembershipRole, OrganizationMembership


def is_member_of(user, organization_id, *, roles=None):
    """Whether the user belongs to the organization with this id (in one of `roles`, if given);
    by id, so a caller holding a trip or an application needs no organization row."""
    if organization_id is None or not user.is_authenticated:
        return False
    memberships = OrganizationMembership.objects.filter(user=user, organization_id=organization_id)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships.exists()


@rules.predicate
def is_organization_member(user, organization):
    """A member (owner or editor) of this organization."""
    return organization is not None and is_member_of(user, organization.pk)


@rules.predicate
def is_organization_owner(user, organization):
    return organization is not None and is_member_of(user, organization.pk, roles=[MembershipRole.OWNER])


@rules.predicate
def is_member_of_an_organization(user):
    """A member of some organization: who may start creating trips at all."""
    return user.is_authenticated and OrganizationMembership.objects.filter(user=user).exists()


@rules.predicate
def is_verified_organization(user, organization):
    return organization is not None and organization.is_verified


# Verified organizations are public; the others only to their members and admins.
rules.add_perm("organizations.view_organization", is_verified_organization | rules.is_staff | is_organization_member)
# Its profile and evidence, its dashboard and trip pages, resubmitting it for vetting.
rules.add_perm("organizations.change_organization", rules.is_staff | is_organization_member)
rules.add_rule("organizations.invite_member", is_organization_owner)
# Removing a member: owners only, and never an administrator acting for them (a rule, not a perm).
rules.add_rule("organizations.remove_member", is_organization_owner)
