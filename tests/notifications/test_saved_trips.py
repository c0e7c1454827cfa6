"""Saving trips and the one reminder before their application deadline."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import ApplicationStatus
from notifications.deadline_reminders import saved_trip_deadline_reminders_send
from notifications.models import SavedTrip
from organizations.models import VettingStatus
from tests.factories import ApplicationFactory, PhysicianProfileFactory, TripFactory, UserFactory
from trips.models import TripStatus

pytestmark = pytest.mark.django_db

TODAY = date(2031, 3, 2)
MORNING = datetime(2031, 3, 2, 7, 0, tzinfo=UTC)
SAVED_TRIPS_URL = reverse("notifications:saved-trips")


def trip_closing_in(days, **fields):
    deadline = TODAY + timedelta(days=days)
    return TripFactory(
        open=True,
        application_deadline=deadline,
        start_date=deadline + timedelta(days=30),
        end_date=deadline + timedelta(days=40),
        **fields,
    )


def test_saving_and_unsaving_a_trip(client, searcher):
    trip = TripFactory(open=True, title="Eye camp")
    url = reverse("notifications:save-trip", args=[trip.pk])
    client.force_login(searcher)
    response = client.post(url, {"next": trip.get_absolute_url()})
    assert response.status_code == 302 and response.url == trip.get_absolute_url()
    assert SavedTrip.objects.filter(user=searcher, trip=trip).exists()
    assert "Eye camp" in client.get(SAVED_TRIPS_URL).content.decode()
    client.post(url, {"next": "https://evil.example/"})
    assert not SavedTrip.objects.exists()


def test_saving_needs_login_a_post_and_a_public_trip(client, searcher):
    public = TripFactory(open=True)
    draft = TripFactory()
    response = client.post(reverse("notifications:save-trip", args=[public.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    response = client.get(SAVED_TRIPS_URL)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    client.force_login(searcher)
    assert client.get(reverse("notifications:save-trip", args=[public.pk])).status_code == 405
    assert client.post(reverse("notifications:save-trip", args=[draft.pk])).status_code == 404
    assert client.post(reverse("notifications:save-trip", args=[999999])).status_code == 404
    assert not SavedTrip.objects.exists()


def test_a_trip_that_closed_can_still_be_removed(client, searcher):
    trip = TripFactory(open=True, title="Closed later")
    SavedTrip.objects.create(user=searcher, trip=trip)
    trip.status = TripStatus.CLOSED
    trip.save()
    client.force_login(searcher)
    body = client.get(SAVED_TRIPS_URL).content.decode()
    assert "Closed later" in body and "No longer open" in body
    assert f'href="{trip.get_absolute_url()}"' not in body
    response = client.post(reverse("notifications:save-trip", args=[trip.pk]))
    assert response.status_code == 302 and response.url == SAVED_TRIPS_URL
    assert not SavedTrip.objects.exists()


def test_my_saved_trips_are_mine_only(client, searcher):
    SavedTrip.objects.create(user=UserFactory(), trip=TripFactory(open=True, title="Their trip"))
    client.force_login(searcher)
    body = client.get(SAVED_TRIPS_URL).content.decode()
    assert "Their trip" not in body and "You have not saved any trip yet" in body


def test_the_saved_trips_page_costs_the_same_queries_however_many(client, searcher, django_assert_num_queries):
    SavedTrip.objects.create(user=searcher, trip=TripFactory(open=True))
    client.force_login(searcher)
    with CaptureQueriesContext(connection) as few:
        assert client.get(SAVED_TRIPS_URL).status_code == 200
    for _ in range(12):
        SavedTrip.objects.create(user=searcher, trip=TripFactory(open=True))
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(SAVED_TRIPS_URL).status_code == 200


def test_the_save_trip_include_shows_the_right_button(rf, searcher):
    trip = TripFactory(open=True)
    request = rf.get(trip.get_absolute_url())
    request.user = searcher
    html = render_to_string("notifications/includes/save_trip.html", {"trip": trip, "user": searcher}, request=request)
    assert "Save this trip" in html
    SavedTrip.objects.create(user=searcher, trip=trip)
    html = render_to_string("notifications/includes/save_trip.html", {"trip": trip, "user": searcher}, request=request)
    assert "Saved — remove" in html
    request.user = AnonymousUser()
    html = render_to_string("notifications/includes/save_trip.html", {"trip": trip}, request=request)
    assert "Log in" in html and "<form" not in html


def test_deadline_reminders_are_sent_once_per_saved_trip(outbox, searcher, django_capture_on_commit_callbacks):
    with time_machine.travel(MORNING, tick=False):
        soon = trip_closing_in(5, title="Closes in five days")
        last_day = trip_closing_in(7, title="Closes in a week")
        later = trip_closing_in(8, title="Closes in eight days")
        for trip in (soon, last_day, later):
            SavedTrip.objects.create(user=searcher, trip=trip)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_deadline_reminders")
    assert len(outbox) == 1
    assert outbox[0].to == ["searcher@example.org"]
    assert outbox[0].subject == "Applications for 2 trips you saved close soon"
    body = outbox[0].body
    assert "Closes in five days" in body and "Closes in a week" in body and "Closes in eight days" not in body
    assert f"http://127.0.0.1:8000{soon.get_absolute_url()}" in body

    with time_machine.travel(MORNING + timedelta(hours=5), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_deadline_reminders")
    assert len(outbox) == 1

    with time_machine.travel(MORNING + timedelta(days=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_deadline_reminders")
    assert len(outbox) == 2
    assert (
        outbox[1].subject == "Applications for “Closes in eight days” close on March 10, 2031"
    )  # English l10n's DATE_FORMAT


def test_no_reminder_for_trips_no_longer_public_passed_or_applied_to(outbox, django_capture_on_commit_callbacks):
    physician = PhysicianProfileFactory(user__email="doc@example.org")
    with time_machine.travel(MORNING, tick=False):
        closed = trip_closing_in(3)
        closed.status = TripStatus.CLOSED
        closed.save()
        suspended = trip_closing_in(3, organization__vetting_status=VettingStatus.SUSPENDED)
        applied = trip_closing_in(3)
        ApplicationFactory(physician=physician, trip=applied, status=ApplicationStatus.SUBMITTED)
        withdrawn = trip_closing_in(3, title="Withdrew from this one")
        ApplicationFactory(physician=physician, trip=withdrawn, status=ApplicationStatus.WITHDRAWN)
        for trip in (closed, suspended, applied, withdrawn):
            SavedTrip.objects.create(user=physician.user, trip=trip)
    with time_machine.travel(MORNING + timedelta(days=10), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert saved_trip_deadline_reminders_send() == 0  # every deadline has passed
    with time_machine.travel(MORNING, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert saved_trip_deadline_reminders_send() == 1
    assert len(outbox) == 1
    assert outbox[0].subject == "Applications for “Withdrew from this one” close on March 5, 2031"
    assert set(SavedTrip.objects.filter(deadline_reminder_sent_at__isnull=False).values_list("trip", flat=True)) == {
        withdrawn.pk
    }
