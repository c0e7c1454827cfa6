"""Writes that carry rules for trips: creating and editing them with their places, and status
changes (with audit history)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.generation import engine_input_changed

from .models import Trip, TripStatus, TripStatusChange

ALLOWED_TRIP_TRANSITIONS = {
    TripStatus.DRAFT: {TripStatus.OPEN, TripStatus.CANCELLED},
    TripStatus.OPEN: {TripStatus.CLOSED, TripStatus.CANCELLED},
    TripStatus.CLOSED: {TripStatus.OPEN, TripStatus.COMPLETED, TripStatus.CANCELLED},
    TripStatus.COMPLETED: set(),
    TripStatus.CANCELLED: set(),
}


@transaction.atomic
def trip_change_status(*, trip, to_status, changed_by=None, today=None):
    """Move a trip to a new status, enforcing the rules and recording who did it.

    Opening needs a verified organization, at least one specialty place, and a
    deadline still ahead; a trip completes only once it has started. Cancelling declines
    the trip's waiting and accepted applications and emails each applicant.
    """
    today = today or timezone.localdate()
    locked = Trip.objects.select_for_update().select_related("organization").get(pk=trip.pk)
    from_status = locked.status
    if to_status not in ALLOWED_TRIP_TRANSITIONS.get(from_status, set()):
        raise ValidationError(
            _("A trip that is %(from)s cannot become %(to)s.")
            % {"from": TripStatus(from_status).label.lower(), "to": TripStatus(to_status).label.lower()}
        )
    if to_status == TripStatus.OPEN:
        if not locked.organization.is_verified:
            raise ValidationError(
                _(
                    "Your organization is not verified yet, so its trips cannot be published. Our team checks "
                    "every organization's evidence before volunteers see it; you will get an email when it is done."
                )
            )
        if not locked.specialty_needs.exists():
            raise ValidationError(_("Add at least one specialty with places before opening the trip."))
        if locked.application_deadline < today:
            raise ValidationError(_("The application deadline has passed; move it before opening the trip."))
    if to_status == TripStatus.COMPLETED and locked.start_date > today:
        raise ValidationError(_("A trip can be marked completed only after it has started."))
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    TripStatusChange.objects.create(trip=locked, changed_by=changed_by, from_status=from_status, to_status=to_status)
    if to_status == TripStatus.CANCELLED:
        _decline_applications_of_cancelled_trip(trip=locked, changed_by=changed_by)
    engine_input_changed(trip_ids=[locked.pk])
    if to_status == TripStatus.OPEN:
        from notifications.alerts import saved_search_notify_trip_opened

        # After commit, and robust: an alert failure never undoes publishing; the cron run catches up.
        transaction.on_commit(lambda: saved_search_notify_trip_opened(trip=locked), robust=True)
    trip.status = to_status
    return locked


def _decline_applications_of_cancelled_trip(*, trip, changed_by):
    """Every application still waiting or accepted is declined, recorded in its decision
    history, and its applicant told why: people book flights and leave from work for
    these trips, so silence after a cancellation is not an option."""
    from applications.models import ACTIVE_APPLICATION_STATUSES, Application, ApplicationDecision, ApplicationStatus
    from notifications.services import email_enqueue

    from .models import TripSpecialtyNeed

    note = _("The organization cancelled this trip.")
    applications = (
        Application.objects.select_for_update()
        .filter(trip=trip, status__in=ACTIVE_APPLICATION_STATUSES)
        .select_related("physician__user")
        .order_by("pk")
    )
    for application in applications:
        from_status = application.status
        if from_status == ApplicationStatus.ACCEPTED:
            TripSpecialtyNeed.objects.filter(trip=trip, specialty_id=application.specialty_id).update(
                places_filled=F("places_filled") - 1
            )
        application.status = ApplicationStatus.DECLINED
        application.save(update_fields=["status", "updated_at"])
        ApplicationDecision.objects.create(
            application=application,
            decided_by=changed_by,
            from_status=from_status,
            to_status=ApplicationStatus.DECLINED,
            note=note,
        )
        email_enqueue(
            to=application.physician.user.email,
            subject=_("%(trip)s has been cancelled") % {"trip": trip.title},
            template="emails/trip_cancelled.txt",
            context={
                "application": application,
                "trip": trip,
                "was_accepted": from_status == ApplicationStatus.ACCEPTED,
            },
        )


def trip_dates_errors(*, start_date, end_date, application_deadline):
    """Field messages for dates out of order ({} when they are fine); the trip form, the API and
    trip_save all ask here, and the database's constraints back the same rules."""
    errors = {}
    if start_date and end_date and end_date < start_date:
        errors["end_date"] = _("The trip cannot end before it starts.")
    if start_date and application_deadline and application_deadline > start_date:
        errors["application_deadline"] = _("The application deadline must be on or before the start date.")
    return errors


def trip_need_places_error(*, places, places_filled=0):
    """The message when a specialty's places are too few (None when they are fine)."""
    if places < 1:
        return _("At least one place.")
    if places < places_filled:
        return _("%(n)d volunteers are already accepted for this specialty.") % {"n": places_filled}
    return None


@transaction.atomic
def trip_save(*, organization, values, needs=None, languages=None, trip=None):
    """Create a trip (as a draft) or edit one, with its specialty places and languages; the
    organization's trip page and the API both call this. The status never changes here
    (trip_change_status opens and closes trips).

    `values` are the trip's own fields; `needs` the whole list of (specialty, places) pairs and
    `languages` the whole set of codes, each replacing the current one (None keeps it).
    Raises ValidationError with field messages: dates out of order, a specialty listed twice,
    places below one or below the volunteers already accepted, a specialty with accepted
    volunteers removed.
    """
    from .models import TripLanguage, TripSpecialtyNeed

    if trip is None:
        trip = Trip(organization=organization, status=TripStatus.DRAFT)
    elif trip.organization_id != organization.pk:
        raise ValidationError(_("This trip belongs to another organization."))
    for field, value in values.items():
        setattr(trip, field, value)
    errors = trip_dates_errors(
        start_date=trip.start_date, end_date=trip.end_date, application_deadline=trip.application_deadline
    )
    # Locked so an acceptance cannot fill a place between our check and our write.
    current = (
        {n.specialty_id: n for n in TripSpecialtyNeed.objects.select_for_update().filter(trip_id=trip.pk)}
        if trip.pk
        else {}
    )
    wanted = {}
    need_errors = []
    for specialty, places in needs if needs is not None else ():
        if specialty.pk in wanted:
            need_errors.append(_("List each specialty once."))
            continue
        filled = current[specialty.pk].places_filled if specialty.pk in current else 0
        message = trip_need_places_error(places=places, places_filled=filled)
        if message:
            need_errors.append(f"{specialty.name}: {message}")
        wanted[specialty.pk] = places
    if needs is not None and any(n.places_filled for pk, n in current.items() if pk not in wanted):
        need_errors.append(_("A specialty with accepted volunteers cannot be removed."))
    if need_errors:
        errors["specialty_needs"] = need_errors
    if errors:
        raise ValidationError(errors)
    trip.save()
    if needs is not None:
        TripSpecialtyNeed.objects.filter(trip=trip).exclude(specialty_id__in=wanted).delete()
        for specialty_id, places in wanted.items():
            need = current.get(specialty_id)
            if need is None:
                TripSpecialtyNeed.objects.create(trip=trip, specialty_id=specialty_id, places=places)
            elif need.places != places:
                TripSpecialtyNeed.objects.filter(pk=need.pk).update(places=places)
    if languages is not None:
        languages = set(languages)
        TripLanguage.objects.filter(trip=trip).exclude(language__in=languages).delete()
        existing = set(TripLanguage.objects.filter(trip=trip).values_list("language", flat=True))
        TripLanguage.objects.bulk_create(
            [TripLanguage(trip=trip, language=code) for code in sorted(languages - existing)]
        )
    engine_input_changed(trip_ids=[trip.pk])
    return trip


@transaction.atomic
def trip_duplicate(*, trip, created_by=None):
    """A new draft copying a past trip's description, needs and languages, one year later
    (organizations often repeat the same trip yearly; they adjust the dates before opening)."""
    from datetime import timedelta

    from .models import TripLanguage, TripSpecialtyNeed

    year = timedelta(days=364)  # same weekday next year
    copy = Trip.objects.create(
        organization=trip.organization,
        title=trip.title,
        description=trip.description,
        country=trip.country,
        place=trip.place,
        start_date=trip.start_date + year,
        end_date=trip.end_date + year,
        application_deadline=trip.application_deadline + year,
        cost_usd=trip.cost_usd,
        cost_covers=trip.cost_covers,
        continuity_plan=trip.continuity_plan,
        supervision_provided=trip.supervision_provided,
        accepted_training_levels=trip.accepted_training_levels,
        host_registration_requirements=trip.host_registration_requirements,
    )
    TripSpecialtyNeed.objects.bulk_create(
        [TripSpecialtyNeed(trip=copy, specialty_id=n.specialty_id, places=n.places) for n in trip.specialty_needs.all()]
    )
    TripLanguage.objects.bulk_create([TripLanguage(trip=copy, language=l.language) for l in trip.languages.all()])
    return copy
