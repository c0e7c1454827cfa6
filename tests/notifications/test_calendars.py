"""Accepted trips as iCalendar: the RFC 5545 details, the per-trip download and the
private feed with its revocable address."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import ApplicationStatus
from notifications.calendars import calendar_ics, ics_escape, ics_fold
from notifications.models import CalendarFeed
from tests.factories import ApplicationFactory, MembershipFactory, PhysicianProfileFactory, TripFactory, UserFactory
from trips.models import TripStatus

pytestmark = pytest.mark.django_db

NOW = datetime(2031, 5, 4, 9, 30, 15, tzinfo=UTC)
CALENDAR_URL = reverse("notifications:calendar")


def unfold(ics):
    return ics.replace("\r\n ", "")


def test_text_is_escaped():
    assert ics_escape("a\\b; c, d\ne\r\nf") == "a\\\\b\\; c\\, d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "Cirugía pediátrica en Jinotega — " * 6
    folded = ics_fold(line)
    physical = folded.split("\r\n")
    assert len(physical) > 2
    assert all(len(part.encode("utf-8")) <= 75 for part in physical)
    assert all(part.startswith(" ") for part in physical[1:])
    assert max(len(part.encode("utf-8")) for part in physical) >= 73  # folds late, not early
    assert unfold(folded) == line
    assert ics_fold("SUMMARY:short") == "SUMMARY:short"


def test_a_trip_event_follows_rfc_5545():
    trip = TripFactory(
        open=True,
        title="Surgery; cleft lip, palate \\ and more — a long week of teaching with the district hospital team",
        place="San Juan, Sur",
        country="DO",
        start_date=date(2031, 7, 6),
        end_date=date(2031, 7, 19),
        application_deadline=date(2031, 6, 1),
        organization__name="Hope, Health & Co",
    )
    ics = calendar_ics(trips=[trip], name="My trips", now=NOW)
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n"))
    lines = unfold(ics).split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines and lines[-2] == "END:VCALENDAR"
    assert any(line.startswith("PRODID:") for line in lines)
    assert f"UID:trip-{trip.pk}@missionmatch" in lines
    assert "DTSTAMP:20310504T093015Z" in lines
    assert "DTSTART;VALUE=DATE:20310706" in lines
    assert "DTEND;VALUE=DATE:20310720" in lines  # exclusive: the day after the last day
    assert (
        "SUMMARY:Surgery\\; cleft lip\\, palate \\\\ and more — a long week of teaching with the district hospital team"
        in lines
    )
    assert "LOCATION:San Juan\\, Sur\\, Dominican Republic" in lines
    description = next(line for line in lines if line.startswith("DESCRIPTION:"))
    assert "Organized by Hope\\, Health & Co\\n" in description
    assert f"http://127.0.0.1:8000/trips/{trip.pk}/" in description
    assert "STATUS:CONFIRMED" in lines


def test_a_cancelled_trip_stays_in_the_calendar_marked_cancelled():
    trip = TripFactory(status=TripStatus.CANCELLED)
    assert "STATUS:CANCELLED" in calendar_ics(trips=[trip], name="x", now=NOW).split("\r\n")


@pytest.fixture
def accepted(physician):
    return ApplicationFactory(physician=physician, status=ApplicationStatus.ACCEPTED, trip__title="Clinic week")


def test_the_physician_downloads_their_accepted_trip(physician_client, accepted):
    response = physician_client.get(reverse("notifications:trip-ics", args=[accepted.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="missionmatch-trip-{accepted.trip.pk}.ics"'
    body = response.content.decode()
    assert "SUMMARY:Clinic week" in body and f"UID:trip-{accepted.trip.pk}@missionmatch" in body


@pytest.mark.parametrize("status", [s for s in ApplicationStatus.values if s != ApplicationStatus.ACCEPTED])
def test_no_download_unless_accepted(physician_client, physician, status):
    application = ApplicationFactory(physician=physician, status=status)
    assert physician_client.get(reverse("notifications:trip-ics", args=[application.pk])).status_code == 404


def test_no_download_of_another_physicians_trip(client, accepted, organization):
    url = reverse("notifications:trip-ics", args=[accepted.pk])
    client.force_login(PhysicianProfileFactory().user)
    assert client.get(url).status_code == 404
    client.force_login(MembershipFactory(organization=accepted.trip.organization).user)
    assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_the_feed_address_is_made_used_revoked_and_replaced(client, physician_client, physician, accepted):
    ApplicationFactory(physician=physician, status=ApplicationStatus.DECLINED, trip__title="Declined trip")
    ApplicationFactory(status=ApplicationStatus.ACCEPTED, trip__title="Someone else's trip")
    page = physician_client.get(CALENDAR_URL).content.decode()
    assert "no calendar address yet" in page and "Clinic week" in page

    physician_client.post(CALENDAR_URL, {"action": "rotate"})
    first = CalendarFeed.objects.get(physician=physician).token
    feed_url = reverse("notifications:calendar-feed", args=[first])
    page = physician_client.get(CALENDAR_URL).content.decode()
    assert f"http://testserver{feed_url}" in page and f"webcal://testserver{feed_url}" in page

    client.logout()
    feed = client.get(feed_url)  # no login: the token is the key
    assert feed.status_code == 200 and feed["Content-Type"] == "text/calendar; charset=utf-8"
    body = feed.content.decode()
    assert "SUMMARY:Clinic week" in body
    assert "Declined trip" not in body and "Someone else" not in body

    physician_client.force_login(physician.user)
    physician_client.post(CALENDAR_URL, {"action": "rotate"})
    second = CalendarFeed.objects.get(physician=physician).token
    assert second != first
    assert client.get(feed_url).status_code == 404
    assert client.get(reverse("notifications:calendar-feed", args=[second])).status_code == 200

    physician_client.post(CALENDAR_URL, {"action": "revoke"})
    assert not CalendarFeed.objects.exists()
    assert client.get(reverse("notifications:calendar-feed", args=[second])).status_code == 404


def test_the_calendar_page_is_for_physicians_only(client, member_client):
    assert member_client.get(CALENDAR_URL).status_code == 403
    assert member_client.post(CALENDAR_URL, {"action": "rotate"}).status_code == 403
    assert not CalendarFeed.objects.exists()
    client.logout()
    response = client.get(CALENDAR_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_an_unknown_action_is_a_400(physician_client):
    assert physician_client.post(CALENDAR_URL, {"action": "explode"}).status_code == 400
    assert not CalendarFeed.objects.exists()


def test_calendar_page_and_feed_cost_the_same_queries_however_many_trips(
    client, physician_client, physician, django_assert_num_queries
):
    ApplicationFactory(physician=physician, status=ApplicationStatus.ACCEPTED)
    physician_client.post(CALENDAR_URL, {"action": "rotate"})
    feed_url = reverse("notifications:calendar-feed", args=[CalendarFeed.objects.get().token])
    with CaptureQueriesContext(connection) as page_queries:
        assert physician_client.get(CALENDAR_URL).status_code == 200
    with CaptureQueriesContext(connection) as feed_queries:
        assert client.get(feed_url).status_code == 200
    for _ in range(8):
        ApplicationFactory(physician=physician, status=ApplicationStatus.ACCEPTED)
    with django_assert_num_queries(len(page_queries.captured_queries)):
        assert physician_client.get(CALENDAR_URL).content.decode().count(".ics") >= 9
    with django_assert_num_queries(len(feed_queries.captured_queries)):
        assert client.get(feed_url).content.decode().count("BEGIN:VEVENT") == 9


def test_feed_with_a_made_up_token_is_404(client, physician):
    assert client.get(reverse("notifications:calendar-feed", args=["made-up"])).status_code == 404
    unused = UserFactory()
    client.force_login(unused)
    assert client.get(reverse("notifications:calendar-feed", args=["made-up"])).status_code == 404
