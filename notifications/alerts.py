"""Saved trip searches and the emails they send: new trips matching a search, and a
reminder before the application deadline of a saved trip.

Every email goes through the outbox (`notifications.services.email_enqueue`). A search is
never emailed twice about the same trip: each trip sent is recorded as a
`SavedSearchNotification`, unique per (search, trip), inside the same transaction as the
email, so a rerun, a retry or a race between the cron command and the trip-opened hook
cannot repeat it.
"""

import logging
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import ACTIVE_APPLICATION_STATUSES, Application
from physicians.models import Specialty
from portal.ids import is_plain_id
from trips.filters import TripFilter
from trips.models import Trip, TripStatus
from trips.selectors import trip_list_public

from .models import SavedSearch, SavedSearchNotification, SavedTrip
from .services import email_enqueue

logger = logging.getLogger(__name__)

MAX_SAVED_SEARCHES_PER_USER = 25
DEADLINE_REMINDER_DAYS = 7
QUERY_MAX_LENGTH = SavedSearch._meta.get_field("query").max_length


# --- The search itself ---------------------------------------------------------------


def search_query_normalise(query):
    """The canonical form of a search page query string: only the search's own filters,
    keys sorted, empty values and the page number dropped. "?country=KE&page=2&region="
    and "country=KE" are the same search."""
    data = QueryDict((query or "").lstrip("?"))
    known = TripFilter.base_filters.keys()
    pairs = [(key, value) for key in sorted(data) if key in known for value in data.getlist(key) if value.strip() != ""]
    return urlencode(pairs)


def search_query_errors(query):
    """What is wrong with a (normalised) search, in words: [] when the filters are valid."""
    filterset = TripFilter(data=QueryDict(query), queryset=trip_list_public().none())
    if filterset.is_valid():
        return []
    fields = filterset.form.fields
    return [
        f"{fields[name].label}: {' '.join(messages)}" if name in fields else " ".join(messages)
        for name, messages in filterset.errors.items()
    ]


def search_criteria(queries):
    """Each search's filters in words, [(label, value), ...] per query string, in the order
    given. Specialty names come from one query for all the searches together."""
    return [[(label, shown) for _key, label, shown in criteria] for criteria in _criteria(queries)]


def _criteria(queries):
    fields = TripFilter().form.fields
    parsed = [QueryDict(query) for query in queries]
    specialty_ids = {value for data in parsed for value in data.getlist("specialty") if is_plain_id(value)}
    specialty_names = (
        {str(pk): name for pk, name in Specialty.objects.filter(pk__in=specialty_ids).values_list("pk", "name")}
        if specialty_ids
        else {}
    )
    results = []
    for data in parsed:
        criteria = []
        for key in data:
            field = fields.get(key)
            if field is None:
                continue
            for value in data.getlist(key):
                shown = _criterion_in_words(key, field, value, specialty_names)
                criteria.append((key, str(field.label), str(shown)))
        results.append(criteria)
    return results


def _criterion_in_words(key, field, value, specialty_names):
    if key == "specialty":
        return specialty_names.get(value, value)
    if isinstance(field, forms.NullBooleanField):
        return {"true": _("Yes"), "false": _("No")}.get(value, value)
    if isinstance(field, forms.DateField):
        try:
            return date_format(field.clean(value), "j M Y")
        except ValidationError:
            return value
    if key == "max_cost":
        return f"${value}"
    if isinstance(field, forms.ChoiceField):
        return dict(field.choices).get(value, value)
    return value


def search_default_name(query):
    """A name for a search saved without one, made from its filters: "Kenya · Pediatrics ·
    up to $1500 · from 5 Jan 2031"."""
    words = []
    for key, label, shown in _criteria([query])[0]:
        if key == "max_cost":
            words.append(_("up to %(cost)s") % {"cost": shown})
        elif key == "starts_after":
            words.append(_("from %(date)s") % {"date": shown})
        elif key == "ends_before":
            words.append(_("until %(date)s") % {"date": shown})
        elif key in ("year_round_facility", "follow_up_plan", "trains_local_staff"):
            if QueryDict(query).get(key) == "true":
                words.append(label.lower())
        elif key != "sort":
            words.append(shown)
    name = " · ".join(words) or _("All open trips")
    return name[: SavedSearch._meta.get_field("name").max_length]


# --- Saving, deleting, unsubscribing -----------------------------------------------


@transaction.atomic
def saved_search_create(*, user, query, name=""):
    """Save a search for `user` and turn its email alerts on. The query is normalised and
    checked with the search page's own filters; invalid filters raise ValidationError.
    Saving a search whose alerts were turned off turns them back on, from now."""
    query = search_query_normalise(query)
    if len(query) > QUERY_MAX_LENGTH:
        raise ValidationError(_("This search has too many filters to save. Remove a few and try again."))
    errors = search_query_errors(query)
    if errors:
        raise ValidationError(
            [_("This search has a filter we cannot use. Go back to the search, correct it and save again.")] + errors
        )
    name = (name or "").strip() or search_default_name(query)
    existing = SavedSearch.objects.select_for_update().filter(user=user, query=query).first()
    if existing is not None:
        if existing.is_active:
            raise ValidationError(_("You already saved this search as “%(name)s”.") % {"name": existing.name})
        existing.name, existing.is_active, existing.last_notified_at = name, True, timezone.now()
        existing.save(update_fields=["name", "is_active", "last_notified_at"])
        return existing
    if SavedSearch.objects.filter(user=user).count() >= MAX_SAVED_SEARCHES_PER_USER:
        raise ValidationError(
            _("You have %(count)s saved searches, the most we keep. Delete one you no longer need first.")
            % {"count": MAX_SAVED_SEARCHES_PER_USER}
        )
    try:
        with transaction.atomic():
            return SavedSearch.objects.create(user=user, name=name, query=query)
    except IntegrityError:  # the same search saved twice at once (a double click)
        raise ValidationError(_("You already saved this search.")) from None


def saved_search_set_active(*, saved_search, is_active):
    """Turn a search's email alerts on or off. Turning them back on starts from now: trips
    that opened while alerts were off are on the search page, not in the inbox."""
    fields = {"is_active": is_active}
    if is_active and not saved_search.is_active:
        fields["last_notified_at"] = timezone.now()
    SavedSearch.objects.filter(pk=saved_search.pk).update(**fields)
    for field, value in fields.items():
        setattr(saved_search, field, value)
    return saved_search


# --- Alerts about newly opened trips ------------------------------------------------


def trips_opened_since(*, since, until=None, today=None):
    """Public trips (still taking applications) whose latest opening happened after
    `since` (and not after `until`), each annotated with `opened_at`. "Opening" is the
    most recent `TripStatusChange` to open, written by `trips.services.trip_change_status`."""
    trips = trip_list_public(today=today).annotate(
        opened_at=Max("status_changes__changed_at", filter=Q(status_changes__to_status=TripStatus.OPEN))
    )
    trips = trips.filter(opened_at__gt=since)
    if until is not None:
        trips = trips.filter(opened_at__lte=until)
    return trips


def _trip_ids_matching(saved_search, trip_ids, *, today=None):
    """Which of `trip_ids` this search's filters select: one query. A search whose filters
    no longer validate (a specialty was removed, say) matches nothing rather than
    everything."""
    filterset = TripFilter(
        data=QueryDict(saved_search.query),
        queryset=trip_list_public(today=today).filter(pk__in=trip_ids).prefetch_related(None),
    )
    if not filterset.is_valid():
        logger.warning("Saved search %s has invalid filters, skipped: %s", saved_search.pk, dict(filterset.errors))
        return set()
    return set(filterset.qs.values_list("pk", flat=True))


def _saved_search_email(*, saved_search, trips, last_checked_at=None):
    """Record the trips as sent to this search and queue one email listing them, in one
    savepoint: if another run recorded any of them first, nothing is sent. Returns the
    number of trips emailed (0 or len(trips))."""
    try:
        with transaction.atomic():
            SavedSearchNotification.objects.bulk_create(
                [SavedSearchNotification(saved_search=saved_search, trip=trip) for trip in trips]
            )
            email_enqueue(
                to=saved_search.user.email,
                subject=ngettext(
                    "A new trip matches your search “%(name)s”",
                    "%(count)s new trips match your search “%(name)s”",
                    len(trips),
                )
                % {"count": len(trips), "name": saved_search.name},
                template="emails/alert_new_trips.txt",
                context={
                    "saved_search": saved_search,
                    "trips": trips,
                    "search_url": saved_search.get_absolute_url(),
                    "unsubscribe_url": reverse(
                        "notifications:unsubscribe", kwargs={"token": saved_search.unsubscribe_token}
                    ),
                    "manage_url": reverse("notifications:saved-searches"),
                },
            )
            if last_checked_at is not None:
                SavedSearch.objects.filter(pk=saved_search.pk).update(last_notified_at=last_checked_at)
    except IntegrityError:
        # Another run emailed this search about one of these trips in the meantime.
        logger.info("Saved search %s was already told about some of these trips; skipped.", saved_search.pk)
        return 0
    return len(trips)


def saved_search_alerts_send(*, now=None, today=None):
    """Email every active saved search the public trips that opened since it was last
    checked (or since it was saved) and match its filters; one email per search. Then mark
    the searches checked up to `now`. Returns the number of emails queued.

    Queries: the newly opened trips once for the whole run (from the earliest check time
    of any search), the pairs already sent once, then per search with new trips one
    filter query over those few trip ids (the filters are the search page's own
    `TripFilter`, so matching is exactly what the user sees) plus the writes of its email.
    Searches with nothing new are marked checked together in one update."""
    now = now or timezone.now()
    searches = list(
        SavedSearch.objects.filter(is_active=True, created_at__lte=now).exclude(user__email="").select_related("user")
    )
    if not searches:
        return 0
    earliest = min(search.checked_since for search in searches)
    opened = {trip.pk: trip for trip in trips_opened_since(since=earliest, until=now, today=today)}
    already_sent = set()
    if opened:
        already_sent = set(
            SavedSearchNotification.objects.filter(
                saved_search__in=[s.pk for s in searches], trip_id__in=list(opened)
            ).values_list("saved_search_id", "trip_id")
        )
    emails = 0
    nothing_new = []
    for search in searches:
        candidates = [
            pk
            for pk, trip in opened.items()
            if trip.opened_at > search.checked_since and (search.pk, pk) not in already_sent
        ]
        matching = _trip_ids_matching(search, candidates, today=today) if candidates else set()
        if not matching:
            nothing_new.append(search.pk)
            continue
        trips = [opened[pk] for pk in candidates if pk in matching]
        if _saved_search_email(saved_search=search, trips=trips, last_checked_at=now):
            emails += 1
    if nothing_new:
        SavedSearch.objects.filter(pk__in=nothing_new).update(last_notified_at=now)
    return emails


def saved_search_notify_trip_opened(*, trip, now=None, today=None):
    """Email right away every active saved search that the just-opened `trip` matches and
    that was not told about it yet. Call it after the opening commits
    (`transaction.on_commit(..., robust=True)`); the cron command catches up on anything
    missed, and never repeats what this sent. One filter query per active saved search.
    Returns the number of emails queued."""
    now = now or timezone.now()
    trip = trip_list_public(today=today).filter(pk=trip.pk).first()
    if trip is None:  # not public after all (organization not verified, deadline passed)
        return 0
    searches = (
        SavedSearch.objects.filter(is_active=True, created_at__lte=now)
        .exclude(user__email="")
        .exclude(notifications__trip=trip)
        .select_related("user")
    )
    emails = 0
    for search in searches:
        if _trip_ids_matching(search, [trip.pk], today=today):
            emails += 1 if _saved_search_email(saved_search=search, trips=[trip]) else 0
    return emails


# --- Saved trips and their deadline reminders ---------------------------------------


def saved_trip_toggle(*, user, trip):
    """Save the trip for the user, or forget it if it was saved. Returns True when the
    trip is now saved."""
    deleted, _by_model = SavedTrip.objects.filter(user=user, trip=trip).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            SavedTrip.objects.create(user=user, trip=trip)
    except IntegrityError:  # a double click saved it already
        pass
    return True


def saved_trip_deadline_reminders_send(*, today=None, now=None):
    """Remind users, once per saved trip, that a trip they saved stops taking applications
    within DEADLINE_REMINDER_DAYS days. Trips no longer public are skipped, and so are trips
    the user already holds an active application for. One email per user, listing all
    their trips due. Returns the number of emails queued."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    applied = Application.objects.filter(
        trip=OuterRef("trip"), physician__user=OuterRef("user"), status__in=ACTIVE_APPLICATION_STATUSES
    )
    due = (
        SavedTrip.objects.filter(
            deadline_reminder_sent_at__isnull=True,
            trip__in=Trip.objects.accepting_applications(today).values("pk"),
            trip__application_deadline__lte=today + timedelta(days=DEADLINE_REMINDER_DAYS),
        )
        .exclude(user__email="")
        .exclude(Exists(applied))
        .select_related("user", "trip__organization")
        .order_by("user_id", "trip__application_deadline", "trip_id")
    )
    by_user = {}
    for saved in due:
        by_user.setdefault(saved.user_id, []).append(saved)
    emails = 0
    for saved_trips in by_user.values():
        with transaction.atomic():
            # Claim the rows: a concurrent run that got here first leaves nothing to send.
            claimed = set(
                SavedTrip.objects.select_for_update()
                .filter(pk__in=[s.pk for s in saved_trips], deadline_reminder_sent_at__isnull=True)
                .values_list("pk", flat=True)
            )
            saved_trips = [s for s in saved_trips if s.pk in claimed]
            if not saved_trips:
                continue
            SavedTrip.objects.filter(pk__in=claimed).update(deadline_reminder_sent_at=now)
            trips = [s.trip for s in saved_trips]
            first_deadline = date_format(trips[0].application_deadline, "j F Y")
            email_enqueue(
                to=saved_trips[0].user.email,
                subject=ngettext(
                    "Applications for “%(title)s” close on %(date)s",
                    "Applications for %(count)s trips you saved close soon",
                    len(trips),
                )
                % {"title": trips[0].title, "date": first_deadline, "count": len(trips)},
                template="emails/alert_deadline_reminder.txt",
                context={"trips": trips, "saved_trips_url": reverse("notifications:saved-trips")},
            )
            emails += 1
    return emails
