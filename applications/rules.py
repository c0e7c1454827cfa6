"""Who may act on an application, stated once; pages, the API and services ask here.

A permission (`add_perm`) is granted to every superuser by Django itself, so what is the
applicant's or the organization's own act (withdrawing, reviewing, ticking off the checklist,
filing the post-trip report) is a rule (`add_rule`, asked with `rules.test_rule`): an
administrator may see these but not do them on someone's behalf."""

import rules

from organizations.rules import is_member_of
from trips.rules import is_trip_member

from .models import ApplicationStatus


@rules.predicate
def is_applicant(user, application):
    return application is not None and user.is_authenticated and application.physician.user_id == user.pk


@rules.predicate
def is_accepted(user, application):
    return application is not None and application.status == ApplicationStatus.ACCEPTED


@rules.predicate
def is_application_trip_member(user, application):
    """A member of the organization whose trip the application is for."""
    return application is not None and is_member_of(user, application.trip.organization_id)


# Accepting, waitlisting and declining.
rules.add_perm("applications.change_application", rules.is_staff | is_application_trip_member)
rules.add_rule("applications.withdraw_application", is_applicant)
rules.add_rule("applications.review_trip", is_applicant)
rules.add_rule("applications.tick_checklist", is_applicant & is_accepted)
# Obj: the trip. A report is the organization's own account of its trip.
rules.add_rule("applications.report_on_trip", is_trip_member)
# Obj: the trip. Inviting a suggested volunteer to apply is the organization's own act.
rules.add_rule("applications.invite_to_trip", is_trip_member)
