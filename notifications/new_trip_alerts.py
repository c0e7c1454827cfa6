"""Emails to saved searches about newly opened trips that match them: from the scheduled
job for everything opened since a search was last checked, and at once when a trip opens.

Every email goes through the outbox (`notifications.services.email_enqueue`). A search is
never emailed twice about the same trip: each trip sent is recorded as a
`SavedSearchNotification`, unique per (search, trip), inside the same transaction as the
email, so a rerun, a retry or a race between the scheduled job and the trip-opened task
cannot repeat it.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from trips.filters import TripFilter
from trips.models import TripStatus
from trips.selectors import trip_list_public

from .models import SavedSearch, SavedSearchNotification
from .services import email_enqueue

logger = logging.getLogger(__name__)


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
            with translation.override(saved_search.user.language):
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
    that was not told about it yet. A worker calls it after the opening commits (the task
    `notifications.notify_saved_searches_of_opened_trip`); the scheduled job catches up on anything
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
