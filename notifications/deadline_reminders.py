"""The one reminder a user gets before the application deadline of a trip they saved."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from applications.models import ACTIVE_APPLICATION_STATUSES, Application
from trips.models import Trip

from .models import SavedTrip
from .services import email_enqueue

DEADLINE_REMINDER_DAYS = 7


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
            with translation.override(saved_trips[0].user.language):
                first_deadline = date_format(trips[0].application_deadline, "DATE_FORMAT")
                email_enqueue(
                    to=saved_trips[0].user.email,
                    # Two messages, not one ngettext: the singular names the trip, the plural counts them,
                    # and a plural form must carry the same placeholders as its singular.
                    subject=(
                        gettext("Applications for “%(title)s” close on %(date)s")
                        % {"title": trips[0].title, "date": first_deadline}
                        if len(trips) == 1
                        else ngettext(
                            "Applications for %(count)s trip you saved close soon",
                            "Applications for %(count)s trips you saved close soon",
                            len(trips),
                        )
                        % {"count": len(trips)}
                    ),
                    template="emails/alert_deadline_reminder.txt",
                    context={"trips": trips, "saved_trips_url": reverse("notifications:saved-trips")},
                )
            emails += 1
    return emails
