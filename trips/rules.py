"""Who may see and change a trip, stated once; pages, the API and templates ask here
(`user.has_perm(perm, trip)`)."""

import rules

from organizations.rules import is_member_of, is_member_of_an_organization, is_organization_member


@rules.predicate
def is_trip_member(user, trip):
    """A member of the organization that runs the trip."""
    return trip is not None and is_member_of(user, trip.organization_id)


@rules.predicate
def is_public_trip(user, trip):
    return trip is not None and trip.is_public


@rules.predicate
def has_applied_to_trip(user, trip):
    """A physician who applied keeps seeing the trip after it closes."""
    if trip is None or not user.is_authenticated:
        return False
    return trip.applications.filter(physician__user=user).exists()


@rules.predicate
def is_member_of_trip_organization(user, organization):
    """Of this organization, or (asked without one, before the request names it) of any."""
    if organization is None:
        return is_member_of_an_organization(user)
    return is_organization_member(user, organization)


rules.add_perm("trips.view_trip", is_public_trip | rules.is_staff | is_trip_member | has_applied_to_trip)
# Editing it, its status, its applicants, its suggested volunteers and its match-round ranking.
rules.add_perm("trips.change_trip", rules.is_staff | is_trip_member)
rules.add_perm("trips.add_trip", rules.is_staff | is_member_of_trip_organization)
