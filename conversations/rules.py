"""Who may read and write an application's conversation, stated once (django-rules).
The object is the application."""

import rules

from organizations.rules import is_member_of

from .selectors import conversation_is_read_only


@rules.predicate
def is_applicant(user, application):
    return application is not None and user.is_authenticated and application.physician.user_id == user.pk


@rules.predicate
def is_member_of_trip_organization(user, application):
    return application is not None and is_member_of(user, application.trip.organization_id)


@rules.predicate
def conversation_open(user, application):
    return application is not None and not conversation_is_read_only(application=application)


is_party = is_applicant | is_member_of_trip_organization
rules.add_perm("conversations.take_part", is_party)
rules.add_perm("conversations.read_conversation", is_party | rules.is_staff)
rules.add_perm("conversations.post_message", is_party & conversation_open)
