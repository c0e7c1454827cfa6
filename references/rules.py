"""Who sees references, stated once (django-rules). The object is the application."""

import rules

from organizations.rules import is_member_of


@rules.predicate
def is_member_of_trip_organization(user, application):
    return application is not None and is_member_of(user, application.trip.organization_id)


@rules.predicate
def is_applicant(user, application):
    return application is not None and user.is_authenticated and application.physician.user_id == user.pk


# The answers: the organization and admins, never the physician.
rules.add_perm("references.read_answers", is_member_of_trip_organization | rules.is_staff)
rules.add_perm("references.request_references", is_member_of_trip_organization)
# Whether each referee answered: the physician too.
rules.add_perm("references.see_status", is_applicant | is_member_of_trip_organization | rules.is_staff)
