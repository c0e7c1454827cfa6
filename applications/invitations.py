"""Invitations to apply: an organization invites a suggested physician to one of its trips.
Writes here; the physician's list is in selectors."""

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.services import email_enqueue
from trips.models import Trip

from . import rules as application_rules  # noqa: F401 (registers the permissions this module asks for)
from .models import Application, ApplicationStatus, InvitationStatus, TripInvitation

# A physician who applied, was declined or withdrew has answered this trip already.
ANSWERED_APPLICATION_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.DECLINED,
    ApplicationStatus.WITHDRAWN,
)


def invitations_sent_today(*, trip, now=None):
    start_of_day = timezone.localtime(now or timezone.now()).replace(hour=0, minute=0, second=0, microsecond=0)
    return TripInvitation.objects.filter(trip=trip, created_at__gte=start_of_day).count()


@transaction.atomic
def trip_invitation_create(*, trip, physician, invited_by, note=""):
    """Invite a physician to apply to an open trip, by email through the outbox.

    Refused when the inviter is not a member of the trip's organization, the trip no longer
    takes applications, the physician has switched invitations off, was invited before or
    has already answered this trip, or the organization has sent its day's allowance for the trip."""
    if not rules.has_perm("applications.invite_to_trip", invited_by, trip):
        raise PermissionDenied(_("Only the trip's organization can invite volunteers to it."))
    # The row lock makes the daily allowance hold when two members invite at once.
    trip = Trip.objects.select_for_update().select_related("organization").get(pk=trip.pk)
    if not Trip.objects.accepting_applications().filter(pk=trip.pk).exists():
        raise ValidationError(_("This trip is not taking applications, so no one can be invited to it."))
    if not physician.accepts_invitations:
        raise ValidationError(_("This physician does not take invitations."))
    if TripInvitation.objects.filter(trip=trip, physician=physician).exists():
        raise ValidationError(_("This physician has already been invited to this trip."))
    if Application.objects.filter(trip=trip, physician=physician, status__in=ANSWERED_APPLICATION_STATUSES).exists():
        raise ValidationError(_("This physician has already applied to this trip."))
    limit = settings.TRIP_INVITATIONS_PER_DAY
    if invitations_sent_today(trip=trip) >= limit:
        raise ValidationError(
            ngettext(
                "You can send %(limit)d invitation a day for this trip; try again tomorrow.",
                "You can send %(limit)d invitations a day for this trip; try again tomorrow.",
                limit,
            )
            % {"limit": limit}
        )
    invitation = TripInvitation.objects.create(
        trip=trip, physician=physician, invited_by=invited_by, note=(note or "").strip()
    )
    email_enqueue(
        to=physician.user.email,
        subject=_("%(organization)s invites you to apply to %(trip)s")
        % {"organization": trip.organization.name, "trip": trip.title},
        template="emails/trip_invitation.txt",
        context={"invitation": invitation, "trip": trip},
    )
    return invitation


@transaction.atomic
def trip_invitation_decline(*, invitation, by_user):
    """The invited physician says no; the organization will not suggest them again."""
    locked = TripInvitation.objects.select_for_update().select_related("physician").get(pk=invitation.pk)
    if locked.physician.user_id != by_user.pk:
        raise PermissionDenied(_("Only the invited physician can decline this invitation."))
    if locked.status != InvitationStatus.PENDING:
        raise ValidationError(_("You have already answered this invitation."))
    locked.status = InvitationStatus.DECLINED
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_at"])
    return locked


def trip_invitation_mark_applied(*, physician, trip):
    """Called when the physician applies: an open invitation to the trip is answered."""
    TripInvitation.objects.filter(physician=physician, trip=trip, status=InvitationStatus.PENDING).update(
        status=InvitationStatus.APPLIED, answered_at=timezone.now()
    )


def physician_invitations_set(*, physician, accepts):
    """Switch invitations to apply on or off for a physician."""
    physician.accepts_invitations = accepts
    physician.save(update_fields=["accepts_invitations"])
    return physician
