"""Who may see and record an accepted application's clearance, stated once (django-rules).
The object is the application."""

import rules

from applications.models import ApplicationStatus
from organizations.rules import is_member_of


@rules.predicate
def is_accepted(user, application):
    return application is not None and application.status == ApplicationStatus.ACCEPTED


@rules.predicate
def is_applicant(user, application):
    return application is not None and user.is_authenticated and application.physician.user_id == user.pk


@rules.predicate
def is_coordinator(user, application):
    """A member of the trip's organization."""
    return application is not None and is_member_of(user, application.trip.organization_id)


rules.add_perm("clearance.view_clearance", is_accepted & (is_applicant | is_coordinator | rules.is_staff))
rules.add_perm("clearance.record_clearance", is_accepted & is_coordinator)
