"""Calendars of accepted trips: one trip as an .ics download, and a physician's private
feed that calendar apps subscribe to.

The iCalendar text is written here, following RFC 5545: CRLF line endings, content lines
folded at 75 octets (never inside a UTF-8 character), TEXT values escaped, and trips as
all-day events whose DTEND is the day after the last day (DTEND is exclusive).
"""

from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, ApplicationStatus
from trips.models import Trip, TripStatus

from .models import CalendarFeed, new_token

CRLF = "\r\n"
MAX_LINE_OCTETS = 75
PRODUCT_ID = "-//MissionMatch//Accepted trips//EN"


# --- iCalendar text -------------------------------------------------------------------


def ics_escape(text):
    """Escape a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma, and newlines
    as the two characters \\n."""
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def ics_fold(line):
    """Fold one content line (RFC 5545 §3.1): no physical line longer than 75 octets;
    each continuation starts with a space, which counts toward its 75. A multi-octet
    UTF-8 character is never split."""
    parts = []
    current, size, limit = [], 0, MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            parts.append("".join(current))
            current, size, limit = [" "], 1, MAX_LINE_OCTETS
        current.append(char)
        size += octets
    parts.append("".join(current))
    return CRLF.join(parts)


def _utc_stamp(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _date_value(day):
    return day.strftime("%Y%m%d")


def trip_event_lines(trip, *, dtstamp):
    """The VEVENT of one trip (unfolded lines). The UID is stable per trip so that a
    calendar app updates the event instead of adding a second one."""
    url = f"{settings.SITE_URL}{trip.get_absolute_url()}"
    description = "\n".join(
        [
            _("Organized by %(organization)s") % {"organization": trip.organization.name},
            _("Trip page: %(url)s") % {"url": url},
        ]
    )
    return [
        "BEGIN:VEVENT",
        f"UID:trip-{trip.pk}@missionmatch",
        f"DTSTAMP:{_utc_stamp(dtstamp)}",
        f"LAST-MODIFIED:{_utc_stamp(trip.updated_at)}",
        f"DTSTART;VALUE=DATE:{_date_value(trip.start_date)}",
        f"DTEND;VALUE=DATE:{_date_value(trip.end_date + timedelta(days=1))}",
        f"SUMMARY:{ics_escape(trip.title)}",
        f"LOCATION:{ics_escape(f'{trip.place}, {trip.country.name}')}",
        f"DESCRIPTION:{ics_escape(description)}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if trip.status == TripStatus.CANCELLED else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]


def calendar_ics(*, trips, name, now=None):
    """A complete iCalendar document (str) with one all-day event per trip."""
    now = now or timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(name)}",
    ]
    for trip in trips:
        lines.extend(trip_event_lines(trip, dtstamp=now))
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + CRLF for line in lines)


# --- Reads ----------------------------------------------------------------------------


def accepted_application_for_user(*, user, pk):
    """The user's own accepted application `pk`, with its trip and organization, or None."""
    return (
        Application.objects.select_related("trip__organization")
        .filter(pk=pk, physician__user=user, status=ApplicationStatus.ACCEPTED)
        .first()
    )


def accepted_applications_for_physician(*, physician):
    """The physician's accepted applications, soonest trip first, with trip and
    organization in the same query."""
    return (
        Application.objects.filter(physician=physician, status=ApplicationStatus.ACCEPTED)
        .select_related("trip__organization")
        .order_by("trip__start_date", "trip_id")
    )


def accepted_trips_for_physician(*, physician):
    """The trips the physician has been accepted on, one query."""
    return (
        Trip.objects.filter(applications__physician=physician, applications__status=ApplicationStatus.ACCEPTED)
        .select_related("organization")
        .distinct()
        .order_by("start_date", "id")
    )


def calendar_feed_for_token(*, token):
    """The feed a private address points to, or None (unknown or replaced token)."""
    return CalendarFeed.objects.select_related("physician").filter(token=token).first()


# --- Writes ---------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_rotate(*, physician):
    """Give the physician a private feed address, replacing the old one if any: the old
    address stops working at once."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(physician=physician)
    if not created:
        feed.token = new_token()
        feed.created_at = timezone.now()
        feed.save(update_fields=["token", "created_at"])
    return feed


def calendar_feed_revoke(*, physician):
    """Turn the physician's feed off: its address stops working. Returns True if there was one."""
    deleted, _by_model = CalendarFeed.objects.filter(physician=physician).delete()
    return bool(deleted)
