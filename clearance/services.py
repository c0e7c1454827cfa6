"""Writes of clearance: the coordinator records the host-country registration and signs off;
the scheduled reminders. Pages, the API and the management command call these."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from notifications.services import email_enqueue
from organizations.rules import is_member_of

from .models import Clearance, RegistrationStatus
from .selectors import clearance_states

REMINDER_DAYS_BEFORE_DEADLINE = 14


def _check_coordinator(application, user):
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError(_("Clearance is recorded for accepted volunteers only."))
    if not is_member_of(user, application.trip.organization_id):
        raise PermissionDenied(_("Only the trip's organization records clearance."))


def _locked_record(application):
    Clearance.objects.get_or_create(application=application)
    return Clearance.objects.select_for_update().get(application=application)


@transaction.atomic
def clearance_registration_record(
    *, application, by_user, status, reference="", submitted_on=None, decided_on=None, valid_until=None
):
    """The coordinator records the host-country registration: its state, reference and dates.
    Submitted needs a submission date; approved or refused a decision date."""
    _check_coordinator(application, by_user)
    if status not in RegistrationStatus.values:
        raise ValidationError({"status": _("Choose a registration state.")})
    errors = {}
    if status != RegistrationStatus.NOT_STARTED and not submitted_on:
        errors["submitted_on"] = _("Say when the registration was submitted.")
    if status in (RegistrationStatus.APPROVED, RegistrationStatus.REFUSED) and not decided_on:
        errors["decided_on"] = _("Say when the authority decided.")
    if submitted_on and decided_on and decided_on < submitted_on:
        errors["decided_on"] = _("The decision cannot come before the submission.")
    if errors:
        raise ValidationError(errors)
    record = _locked_record(application)
    record.registration_status = status
    record.registration_reference = reference
    record.registration_submitted_on = submitted_on
    record.registration_decided_on = decided_on
    record.registration_valid_until = valid_until
    record.registration_recorded_by = by_user
    record.save()
    return record


@transaction.atomic
def clearance_sign_off(*, application, by_user, signed=True):
    """The organization's own sign-off (or its withdrawal) of an accepted volunteer."""
    _check_coordinator(application, by_user)
    record = _locked_record(application)
    record.signed_off_by = by_user if signed else None
    record.signed_off_at = timezone.now() if signed else None
    record.save(update_fields=["signed_off_by", "signed_off_at", "updated_at"])
    return record


def _members_recipients(organization):
    """Each member's address and language: every email is written in its reader's language."""
    return list(organization.memberships.values_list("user__email", "user__language"))


def clearance_reminders_send(*, today=None):
    """For accepted volunteers of trips not yet started who are not cleared: remind the
    physician once when the document deadline is 14 days away or less, and flag them to the
    organization once the deadline has passed. Claimed by conditional updates, so safe to run
    twice. Returns (reminders, flags). Run daily by the beat task `clearance.send_reminders`."""
    today = today or timezone.localdate()
    now = timezone.now()
    accepted = Application.objects.filter(
        status=ApplicationStatus.ACCEPTED, trip__start_date__gte=today
    ).select_related("trip__organization", "physician__user")
    reminders = flags = 0
    for state in clearance_states(applications=accepted, today=today):
        if state.cleared:
            continue
        application = state.application
        with transaction.atomic():
            Clearance.objects.get_or_create(application=application)
            claim = Clearance.objects.filter(application=application)
            context = {"application": application, "state": state}
            if state.overdue:
                if claim.filter(flagged_at__isnull=True).update(flagged_at=now):
                    for email, language in _members_recipients(application.trip.organization):
                        with translation.override(language):
                            email_enqueue(
                                to=email,
                                subject=_("%(name)s is not cleared for %(trip)s")
                                % {"name": application.physician.display_name, "trip": application.trip.title},
                                template="emails/clearance_overdue.txt",
                                context=context,
                            )
                    flags += 1
            elif state.deadline - today <= timedelta(days=REMINDER_DAYS_BEFORE_DEADLINE):
                if claim.filter(reminded_at__isnull=True).update(reminded_at=now):
                    with translation.override(application.physician.user.language):
                        email_enqueue(
                            to=application.physician.user.email,
                            subject=_("Clearance for %(trip)s: due %(date)s")
                            % {"trip": application.trip.title, "date": date_format(state.deadline, "DATE_FORMAT")},
                            template="emails/clearance_reminder.txt",
                            context=context,
                        )
                    reminders += 1
    return reminders, flags
