"""Writes that carry rules for trips: creating and editing them with their places, and status
changes (with audit history)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

import vocabulary
from applications.models import Application, ApplicationStatus
from applications.services import applications_decline_for_cancelled_trip
from matching.generation import engine_input_changed
from portal.queue import enqueue_on_commit
from waitlist.offers import waitlist_offers_make

from .models import Trip, TripLanguage, TripSpecialtyNeed, TripStatus, TripStatusChange

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

    Refusals are ValidationErrors on `status`, the field the page and the API send.
    Opening needs a verified organization, at least one specialty place, and a
    deadline still ahead; a trip completes only once it has started. Cancelling declines
    the trip's waiting and accepted applications and emails each applicant.
    """
    today = today or timezone.localdate()
    locked = Trip.objects.select_for_update().select_related("organization").get(pk=trip.pk)
    from_status = locked.status
    if to_status not in ALLOWED_TRIP_TRANSITIONS.get(from_status, set()):
        raise ValidationError(
            {
                "status": _("A trip that is %(from)s cannot become %(to)s.")
                % {"from": TripStatus(from_status).label.lower(), "to": TripStatus(to_status).label.lower()}
            }
        )
    if to_status == TripStatus.OPEN:
        if not locked.organization.is_verified:
            raise ValidationError(
                {
                    "status": _(
                        "Your organization is not verified yet, so its trips cannot be published. Our team checks "
                        "every organization's evidence before volunteers see it; you will get an email when it is done."
                    )
                }
            )
        if not locked.specialty_needs.exists():
            raise ValidationError({"status": _("Add at least one specialty with places before opening the trip.")})
        if locked.application_deadline < today:
            raise ValidationError(
                {"status": _("The application deadline has passed; move it before opening the trip.")}
            )
    if to_status == TripStatus.COMPLETED and locked.start_date > today:
        raise ValidationError({"status": _("A trip can be marked completed only after it has started.")})
    locked.status = to_status
    locked.save(update_fields=["status", "updated_at"])
    TripStatusChange.objects.create(trip=locked, changed_by=changed_by, from_status=from_status, to_status=to_status)
    if to_status == TripStatus.CANCELLED:
        applications_decline_for_cancelled_trip(trip=locked, declined_by=changed_by)
    engine_input_changed(trip_ids=[locked.pk])
    if to_status == TripStatus.OPEN:
        # A worker emails the saved searches after commit: one query per search stays out of the
        # request, and a failure never undoes publishing (the scheduled alerts catch up).
        enqueue_on_commit("notifications.notify_saved_searches_of_opened_trip", trip_id=locked.pk)
    trip.status = to_status
    return locked


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


def trip_training_levels_clean(levels):
    """(the levels each once, in the order given; the message when they cannot be accepted or
    None). A trip names at most every training level once, as the page's checkboxes do."""
    known = set(vocabulary.TRAINING_LEVEL_KEYS)
    if len(levels) > len(known):
        return levels, _("List at most %(max)d training levels, each once.") % {"max": len(known)}
    unknown = sorted(set(levels) - known)
    if unknown:
        return levels, _("Unknown training levels: %(codes)s") % {"codes": ", ".join(unknown)}
    return list(dict.fromkeys(levels)), None


@transaction.atomic
def trip_save(*, organization, values, needs=None, languages=None, trip=None):
    """Create a trip (as a draft) or edit one, with its specialty places and languages; the
    organization's trip page and the API both call this. The status never changes here
    (trip_change_status opens and closes trips).

    `values` are the trip's own fields; `needs` the whole list of (specialty, places) pairs and
    `languages` the whole set of codes, each replacing the current one (None keeps it).
    Raises ValidationError with field messages: dates out of order, training levels unknown or
    more than there are (listed twice, they are kept once), a specialty listed twice,
    places below one or below the volunteers already accepted, a specialty with accepted
    volunteers removed.
    """
    if trip is None:
        trip = Trip(organization=organization, status=TripStatus.DRAFT)
    elif trip.organization_id != organization.pk:
        raise ValidationError(_("This trip belongs to another organization."))
    errors = {}
    if values.get("accepted_training_levels") is not None:
        levels, message = trip_training_levels_clean(values["accepted_training_levels"])
        if message:
            errors["accepted_training_levels"] = message
        values = {**values, "accepted_training_levels": levels}
    for field, value in values.items():
        setattr(trip, field, value)
    errors.update(
        trip_dates_errors(
            start_date=trip.start_date, end_date=trip.end_date, application_deadline=trip.application_deadline
        )
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
                if places > need.places:
                    waitlist_offers_make(trip_id=trip.pk, specialty_id=specialty_id)
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
    TripLanguage.objects.bulk_create(
        [TripLanguage(trip=copy, language=language.language) for language in trip.languages.all()]
    )
    return copy


def trip_spread_refresh():
    """The spread term's snapshot: each open trip's needs get the number of applications
    waiting for an answer (submitted or waitlisted) for their specialty. Run on a schedule
    (the beat task trips.refresh_spread), never per application, so ranking reads it with
    the needs and a new application costs the matches page nothing. Only the trips whose
    counts changed are marked for the engine's store. Returns how many trips changed."""
    waiting = {
        (row["trip_id"], row["specialty_id"]): row["count"]
        for row in Application.objects.filter(
            status__in=(ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED), trip__status=TripStatus.OPEN
        )
        .order_by()
        .values("trip_id", "specialty_id")
        .annotate(count=Count("id"))
    }
    changed = []
    for need in TripSpecialtyNeed.objects.filter(Q(trip__status=TripStatus.OPEN) | Q(active_applications__gt=0)).only(
        "pk", "trip_id", "specialty_id", "active_applications"
    ):
        count = waiting.get((need.trip_id, need.specialty_id), 0)
        if count != need.active_applications:
            need.active_applications = count
            changed.append(need)
    with transaction.atomic():
        TripSpecialtyNeed.objects.bulk_update(changed, ["active_applications"], batch_size=1000)
        trip_ids = sorted({need.trip_id for need in changed})
        if trip_ids:
            engine_input_changed(trip_ids=trip_ids)
    return len(trip_ids)
