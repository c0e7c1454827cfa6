"""Who may do what with applications and invitations, stated once (django-rules)."""

import rules

from organizations.selectors import user_is_member


@rules.predicate
def is_member_of_trips_organization(user, trip):
    return trip is not None and user_is_member(user=user, organization=trip.organization)


rules.add_perm("applications.invite_to_trip", is_member_of_trips_organization)
