"""The application workflow: apply, withdraw, decide. Places are enforced under row locks
so a trip is never over-filled, even when two members click at once."""

from collections import Counter
from datetime import timedelta

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from matching.engine import scope_of_practice_codes
from matching.generation import engine_input_changed
from notifications.services import email_enqueue
from trips.models import Trip, TripSpecialtyNeed, TripStatus
from waitlist.offers import waitlist_application_left

from .checklist import checklist_create_for
from .models import (
    ACTIVE_APPLICATION_STATUSES,
    ANSWERED_APPLICATION_STATUSES,
    Application,
    ApplicationDecision,
    ApplicationStatus,
    ChecklistItem,
    InvitationStatus,
    PostTripReport,
    Review,
    TripInvitation,
)
from .selectors import invitations_sent_today

S = ApplicationStatus
# Which decision may follow which. Accepting takes a place; leaving "accepted" frees it.
ALLOWED_DECISIONS = {
    S.SUBMITTED: {S.ACCEPTED, S.DECLINED, S.WAITLISTED},
    S.WAITLISTED: {S.ACCEPTED, S.DECLINED},
    S.ACCEPTED: {S.DECLINED},
}
DECISION_LABELS = {S.ACCEPTED: "accepted", S.DECLINED: "declined", S.WAITLISTED: "waitlisted"}
DECIDABLE_TRIP_STATUSES = (TripStatus.OPEN, TripStatus.CLOSED)


def _record(application, from_status, to_status, by, note=""):
    ApplicationDecision.objects.create(
        application=application, decided_by=by, from_status=from_status, to_status=to_status, note=note
    )


def _members_recipients(organization):
    """Each member's address and language: every email is written in its reader's language."""
    return list(organization.memberships.values_list("user__email", "user__language"))


# Why an application beyond the physician's scope of practice is refused, by the
# matching engine's constraint code (the same rule hides such trips from matches).
SCOPE_REFUSALS = {
    "outside_scope_of_practice": gettext_lazy(
        "This trip does not take volunteers at your training level, or not without the supervision your level needs."
    ),
    "no_active_licence_unsupervised": gettext_lazy(
        "Without a full, active licence you can join only trips that provide supervision, and this one does not."
    ),
}


def application_create(*, physician, trip, specialty, note="", today=None):
    """Apply to a public trip in one of the physician's specialties that still has places,
    within the physician's scope of practice (training level and licence).

    A double-submitted form creates one application: the database's conditional unique
    constraint refuses the second, and we return the first."""
    today = today or timezone.localdate()
    if not Trip.objects.accepting_applications(today).filter(pk=trip.pk).exists():
        raise ValidationError(_("This trip is not taking applications."))
    beyond_scope = scope_of_practice_codes(physician, trip)
    if beyond_scope:
        raise ValidationError([str(SCOPE_REFUSALS[code]) for code in beyond_scope])
    if specialty.pk not in physician.specialty_ids():
        raise ValidationError({"specialty": _("Apply in one of the specialties on your profile.")})
    need = TripSpecialtyNeed.objects.filter(trip=trip, specialty=specialty).first()
    if need is None:
        raise ValidationError({"specialty": _("This trip does not need that specialty.")})
    if need.places_filled >= need.places:
        raise ValidationError({"specialty": _("Every place for this specialty is already filled.")})
    existing = Application.objects.filter(
        physician=physician, trip=trip, status__in=ACTIVE_APPLICATION_STATUSES
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            application = Application.objects.create(physician=physician, trip=trip, specialty=specialty, note=note)
            _record(application, S.SUBMITTED, S.SUBMITTED, physician.user, _("Applied"))
            trip_invitation_mark_applied(physician=physician, trip=trip)
            for email, language in _members_recipients(trip.organization):
                with translation.override(language):
                    email_enqueue(
                        to=email,
                        subject=_("New application for %(trip)s") % {"trip": trip.title},
                        template="emails/application_received.txt",
                        context={"application": application},
                    )
    except IntegrityError:
        # The same physician's other request won the race: one application, not two.
        return Application.objects.get(physician=physician, trip=trip, status__in=ACTIVE_APPLICATION_STATUSES)
    return application


@transaction.atomic
def application_withdraw(*, application, by_user):
    """The physician withdraws; an accepted place is freed for someone else."""
    locked = (
        Application.objects.select_for_update()
        .select_related("physician__user", "trip__organization", "specialty")
        .get(pk=application.pk)
    )
    if not rules.test_rule("applications.withdraw_application", by_user, locked):
        raise ValidationError(_("Only the applicant can withdraw an application."))
    if locked.status not in ACTIVE_APPLICATION_STATUSES:
        raise ValidationError(_("This application is no longer active."))
    if locked.status == S.ACCEPTED:
        _free_place(locked)
    from_status = locked.status
    locked.status = S.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    _record(locked, from_status, S.WITHDRAWN, by_user)
    for email, language in _members_recipients(locked.trip.organization):
        with translation.override(language):
            email_enqueue(
                to=email,
                subject=_("%(name)s withdrew from %(trip)s")
                % {"name": locked.physician.display_name, "trip": locked.trip.title},
                template="emails/application_withdrawn.txt",
                context={"application": locked, "was_accepted": from_status == S.ACCEPTED},
            )
    waitlist_application_left(application=locked, freed_place=from_status == S.ACCEPTED)
    application.status = locked.status
    return locked


def _free_place(application):
    TripSpecialtyNeed.objects.filter(trip_id=application.trip_id, specialty_id=application.specialty_id).update(
        places_filled=F("places_filled") - 1
    )
    engine_input_changed(trip_ids=[application.trip_id])


@transaction.atomic
def application_decide(*, application, decision, decided_by, note=""):
    """Accept, decline or waitlist, only while the trip is open or closed. Accepting locks
    the specialty's places row, re-checks that a place is left and takes it; the applicant
    is always emailed the decision."""
    locked = (
        Application.objects.select_for_update()
        .select_related("trip__organization", "physician__user", "specialty")
        .get(pk=application.pk)
    )
    if locked.trip.status not in DECIDABLE_TRIP_STATUSES:
        # A draft has no real applicants yet; a cancelled or completed trip is over, and
        # accepting someone onto it would promise a place that does not exist.
        raise ValidationError(
            _("Applications can be decided only while a trip is open or closed; this trip is %(status)s.")
            % {"status": TripStatus(locked.trip.status).label.lower()}
        )
    if decision not in ALLOWED_DECISIONS.get(locked.status, set()):
        raise ValidationError(
            _("An application that is %(from)s cannot be %(to)s.")
            % {"from": S(locked.status).label.lower(), "to": DECISION_LABELS.get(decision, decision)}
        )
    if decision == S.ACCEPTED:
        need = (
            TripSpecialtyNeed.objects.select_for_update()
            .filter(trip_id=locked.trip_id, specialty_id=locked.specialty_id)
            .first()
        )
        if need is None or need.places_filled >= need.places:
            raise ValidationError(
                _("No %(specialty)s place is left on this trip.") % {"specialty": locked.specialty.name}
            )
        TripSpecialtyNeed.objects.filter(pk=need.pk).update(places_filled=F("places_filled") + 1)
        engine_input_changed(trip_ids=[locked.trip_id])
    elif locked.status == S.ACCEPTED:
        _free_place(locked)
    from_status = locked.status
    locked.status = decision
    locked.save(update_fields=["status", "updated_at"])
    _record(locked, from_status, decision, decided_by, note)
    if from_status != S.SUBMITTED:
        # A freed place, or a waitlisted applicant decided otherwise, moves the waitlist on.
        waitlist_application_left(application=locked, freed_place=from_status == S.ACCEPTED)
    if decision == S.ACCEPTED:
        checklist_create_for(application=locked)
    with translation.override(locked.physician.user.language):
        email_enqueue(
            to=locked.physician.user.email,
            subject=_("Your application for %(trip)s: %(decision)s")
            % {"trip": locked.trip.title, "decision": S(decision).label.lower()},
            template="emails/application_decision.txt",
            context={"application": locked, "note": note},
        )
    application.status = locked.status
    return locked


def applications_decline_for_cancelled_trip(*, trip, declined_by):
    """Every application of a cancelled trip still waiting or accepted is declined (an accepted
    one's place freed), recorded in its decision history, and its applicant told why: people
    book flights and leave from work for these trips, so silence after a cancellation is not
    an option. trips.services.trip_change_status calls this inside its transaction."""
    note = _("The organization cancelled this trip.")
    applications = (
        Application.objects.select_for_update()
        .filter(trip=trip, status__in=ACTIVE_APPLICATION_STATUSES)
        .select_related("physician__user")
        .order_by("pk")
    )
    applications = list(applications)
    if not applications:
        return
    # Set-based: one update of the statuses, one per specialty for the places, one insert of the
    # decisions, so cancelling a trip with many applicants stays quick.
    freed = Counter(application.specialty_id for application in applications if application.status == S.ACCEPTED)
    for specialty_id, count in freed.items():
        TripSpecialtyNeed.objects.filter(trip_id=trip.pk, specialty_id=specialty_id).update(
            places_filled=F("places_filled") - count
        )
    Application.objects.filter(pk__in=[application.pk for application in applications]).update(
        status=S.DECLINED, updated_at=timezone.now()
    )
    ApplicationDecision.objects.bulk_create(
        ApplicationDecision(
            application=application,
            decided_by=declined_by,
            from_status=application.status,
            to_status=S.DECLINED,
            note=note,
        )
        for application in applications
    )
    for application in applications:
        was_accepted = application.status == S.ACCEPTED
        application.status = S.DECLINED
        with translation.override(application.physician.user.language):
            email_enqueue(
                to=application.physician.user.email,
                subject=_("%(trip)s has been cancelled") % {"trip": trip.title},
                template="emails/trip_cancelled.txt",
                context={"application": application, "trip": trip, "was_accepted": was_accepted},
            )


def applications_expire_unanswered(*, now=None):
    """Applications left unanswered longer than APPLICATION_EXPIRY_DAYS expire, and both
    sides are told. Returns how many expired."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.APPLICATION_EXPIRY_DAYS)
    expired = 0
    stale = Application.objects.filter(status=S.SUBMITTED, created_at__lt=cutoff).values_list("pk", flat=True)
    for pk in list(stale):
        with transaction.atomic():
            application = (
                Application.objects.select_for_update()
                .select_related("trip__organization", "physician__user")
                .filter(pk=pk, status=S.SUBMITTED)
                .first()
            )
            if application is None:
                continue
            application.status = S.EXPIRED
            application.save(update_fields=["status", "updated_at"])
            _record(
                application,
                S.SUBMITTED,
                S.EXPIRED,
                None,
                _("No answer within %(days)d days") % {"days": settings.APPLICATION_EXPIRY_DAYS},
            )
            context = {"application": application, "days": settings.APPLICATION_EXPIRY_DAYS}
            with translation.override(application.physician.user.language):
                email_enqueue(
                    to=application.physician.user.email,
                    subject=_("Your application for %(trip)s has expired") % {"trip": application.trip.title},
                    template="emails/application_expired_physician.txt",
                    context=context,
                )
            for email, language in _members_recipients(application.trip.organization):
                with translation.override(language):
                    email_enqueue(
                        to=email,
                        subject=_("An application for %(trip)s expired unanswered") % {"trip": application.trip.title},
                        template="emails/application_expired_organization.txt",
                        context=context,
                    )
            expired += 1
    return expired


@transaction.atomic
def review_create(*, application, by_user, **answers):
    """One review per accepted application, by its physician, once the trip is completed."""
    if not rules.test_rule("applications.review_trip", by_user, application):
        raise PermissionDenied(_("Only the volunteer who applied can review this trip."))
    if application.status != S.ACCEPTED:
        raise ValidationError(_("Only volunteers accepted on this trip can review it."))
    if application.trip.status != TripStatus.COMPLETED:
        raise ValidationError(_("You can review the organization once the trip is completed."))
    if Review.objects.filter(application=application).exists():
        raise ValidationError(_("You have already reviewed this trip."))
    review = Review.objects.create(application=application, organization_id=application.trip.organization_id, **answers)
    engine_input_changed(organization_ids=[application.trip.organization_id])
    return review


@transaction.atomic
def post_trip_report_create(*, trip, by_user, **figures):
    """One report per completed trip, by a member of its organization."""
    if not rules.test_rule("applications.report_on_trip", by_user, trip):
        raise ValidationError(_("Only the organization's members can report on its trips."))
    if trip.status != TripStatus.COMPLETED:
        raise ValidationError(_("Report on a trip once it is completed."))
    if PostTripReport.objects.filter(trip=trip).exists():
        raise ValidationError(_("This trip already has a report."))
    report = PostTripReport.objects.create(trip=trip, organization=trip.organization, submitted_by=by_user, **figures)
    engine_input_changed(organization_ids=[trip.organization_id])
    return report


TRIP_REMINDER_DAYS = 14


def trip_start_reminders_send(*, now=None):
    """Email accepted volunteers whose trip starts within two weeks while checklist items
    are still open — once per application. Returns how many were sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = (
        Application.objects.filter(
            status=S.ACCEPTED,
            start_reminder_sent_at__isnull=True,
            trip__start_date__gte=today,
            trip__start_date__lte=today + timedelta(days=TRIP_REMINDER_DAYS),
        )
        .annotate(open_items=Count("checklist_items", filter=Q(checklist_items__done=False)))
        .filter(open_items__gt=0)
        .select_related("trip", "physician__user")
    )
    sent = 0
    for application in due:
        with transaction.atomic():
            claimed = Application.objects.filter(pk=application.pk, start_reminder_sent_at__isnull=True).update(
                start_reminder_sent_at=now
            )
            if not claimed:
                continue  # another run got there first
            with translation.override(application.physician.user.language):
                email_enqueue(
                    to=application.physician.user.email,
                    subject=_("%(trip)s starts soon: %(n)d preparation steps left")
                    % {"trip": application.trip.title, "n": application.open_items},
                    template="emails/trip_start_reminder.txt",
                    context={"application": application, "open_items": application.open_items},
                )
            sent += 1
    return sent


@transaction.atomic
def checklist_item_set_done(*, application, item_id, done, user):
    """Tick or untick one item of the applicant's preparation checklist; the page and the API
    both call this. `done_at` says when the item was ticked, so ticking an item that is
    already ticked keeps it (a repeated or partial request never loses the date), and
    unticking clears it. Only the applicant of an accepted application may; an item of
    another application raises ChecklistItem.DoesNotExist."""
    if not rules.test_rule("applications.tick_checklist", user, application):
        raise PermissionDenied(_("Only the accepted applicant can tick off this checklist."))
    item = ChecklistItem.objects.select_for_update().get(pk=item_id, application=application)
    if item.done != done:
        item.done = done
        item.done_at = timezone.now() if done else None
        item.save(update_fields=["done", "done_at"])
    return item


# Invitations to apply: an organization invites a suggested physician to one of its trips.


@transaction.atomic
def trip_invitation_create(*, trip, physician, invited_by, note=""):
    """Invite a physician to apply to an open trip, by email through the outbox.

    Refused when the inviter is not a member of the trip's organization, the trip no longer
    takes applications, the physician has switched invitations off, was invited before or
    has already answered this trip, or the organization has sent its day's allowance for the trip."""
    if not rules.test_rule("applications.invite_to_trip", invited_by, trip):
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
    with translation.override(physician.user.language):
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
