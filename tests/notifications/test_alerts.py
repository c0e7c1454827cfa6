"""Emails to saved searches when matching trips are published: right away from the trip
service's hook, and by the cron command; never twice about the same trip."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import OutboundEmail, SavedSearch, SavedSearchNotification
from notifications.new_trip_alerts import saved_search_alerts_send, saved_search_notify_trip_opened
from organizations.models import VettingStatus
from physicians.models import Specialty
from physicians.specialties import common_specialty
from tests.factories import OrganizationFactory, TripFactory, UserFactory
from trips.models import TripStatus
from trips.services import trip_change_status

pytestmark = pytest.mark.django_db

T0 = datetime(2031, 3, 2, 8, 0, tzinfo=UTC)


def test_a_published_trip_that_matches_is_emailed_once(outbox, save_search, publish, searcher):
    saved = save_search("country=KE", "Kenya")
    trip = publish(country="KE", place="Kijabe", title="Pediatric week in Kijabe")
    assert len(outbox) == 1
    email = outbox[0]
    assert email.to == ["searcher@example.org"]
    assert email.subject == "A new trip matches your search “Kenya”"
    assert "Pediatric week in Kijabe" in email.body
    assert f"http://127.0.0.1:8000{trip.get_absolute_url()}" in email.body
    assert f"http://127.0.0.1:8000{reverse('notifications:unsubscribe', args=[saved.unsubscribe_token])}" in email.body
    assert SavedSearchNotification.objects.filter(saved_search=saved, trip=trip).count() == 1

    # The hook again, the cron command, and a close-and-reopen never repeat it.
    saved_search_notify_trip_opened(trip=trip)
    saved_search_alerts_send()
    trip_change_status(trip=trip, to_status=TripStatus.CLOSED)
    publish(trip)
    saved_search_alerts_send()
    assert len(outbox) == 1
    assert OutboundEmail.objects.count() == 1


def test_a_trip_that_does_not_match_is_not_sent(outbox, save_search, publish):
    save_search(f"country=KE&specialty={common_specialty('pediatrics').pk}")
    publish(country="NI")  # wrong country
    publish(country="KE", needs={"general-surgery": 2})  # wrong specialty
    publish(country="KE", needs={"pediatrics": 1}, languages=["sw"])
    assert len(outbox) == 1
    saved_search_alerts_send()
    assert len(outbox) == 1


def test_a_full_specialty_does_not_match_as_on_the_search_page(outbox, save_search, publish):
    save_search(f"specialty={common_specialty('pediatrics').pk}")
    trip = TripFactory(needs={"pediatrics": 1})
    trip.specialty_needs.update(places_filled=1)
    publish(trip)
    assert outbox == []


def test_each_search_gets_its_own_email(outbox, save_search, publish):
    save_search("country=KE", "Kenya")
    save_search("language=sw", "Swahili", user=UserFactory(email="other@example.org"))
    save_search("country=NI", "Nicaragua", user=UserFactory(email="third@example.org"))
    publish(country="KE", languages=["sw"])
    assert sorted(email.to[0] for email in outbox) == ["other@example.org", "searcher@example.org"]


def test_stopped_searches_and_trips_that_are_not_public_send_nothing(outbox, save_search, publish):
    stopped = save_search("country=KE")
    SavedSearch.objects.filter(pk=stopped.pk).update(is_active=False)
    publish(country="KE")
    assert outbox == []
    hidden = TripFactory(country="KE", organization=OrganizationFactory(vetting_status=VettingStatus.PENDING))
    assert saved_search_notify_trip_opened(trip=hidden) == 0


def test_trips_opened_before_the_search_was_saved_are_not_news(outbox, save_search, publish):
    with time_machine.travel(T0, tick=False):
        publish(country="KE")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        save_search("country=KE")
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        assert saved_search_alerts_send() == 0
    assert outbox == []


def test_each_search_only_hears_of_trips_opened_after_it_was_saved(
    outbox, save_search, django_capture_on_commit_callbacks
):
    with time_machine.travel(T0, tick=False):
        save_search("country=KE", "Early")
        trip = TripFactory(country="KE")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        trip_change_status(trip=trip, to_status=TripStatus.OPEN)
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        save_search("max_cost=5000", "Late", user=UserFactory(email="late@example.org"))
    with time_machine.travel(T0 + timedelta(hours=3), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert saved_search_alerts_send() == 1
    assert [email.to for email in outbox] == [["searcher@example.org"]]


def test_the_command_sends_what_opened_since_the_last_run_in_one_email(
    outbox, save_search, searcher, django_capture_on_commit_callbacks
):
    """Trips opened without the hook (e.g. before it was wired) are caught by the cron run."""
    with time_machine.travel(T0, tick=False):
        saved = save_search("country=KE", "Kenya")
        first, second = TripFactory(country="KE", title="First"), TripFactory(country="KE", title="Second")
        elsewhere = TripFactory(country="NI", title="Elsewhere")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        for trip in (first, second, elsewhere):
            trip_change_status(trip=trip, to_status=TripStatus.OPEN)
    with time_machine.travel(T0 + timedelta(hours=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_saved_search_alerts")
    assert len(outbox) == 1
    assert outbox[0].subject == "2 new trips match your search “Kenya”"
    assert "First" in outbox[0].body and "Second" in outbox[0].body and "Elsewhere" not in outbox[0].body
    saved.refresh_from_db()
    assert saved.last_notified_at == T0 + timedelta(hours=2)

    with time_machine.travel(T0 + timedelta(hours=3), tick=False):
        third = TripFactory(country="KE", title="Third")
        trip_change_status(trip=third, to_status=TripStatus.OPEN)
    with time_machine.travel(T0 + timedelta(hours=4), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_saved_search_alerts")
            call_command("send_saved_search_alerts")
    assert len(outbox) == 2
    assert outbox[1].subject == "A new trip matches your search “Kenya”"
    assert "Third" in outbox[1].body and "First" not in outbox[1].body


def test_the_command_marks_searches_with_nothing_new_as_checked(outbox, save_search):
    with time_machine.travel(T0, tick=False):
        saved = save_search("country=KE")
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        assert saved_search_alerts_send() == 0
    saved.refresh_from_db()
    assert saved.last_notified_at == T0 + timedelta(days=1)


def test_a_search_whose_filters_no_longer_validate_matches_nothing(outbox, save_search, publish):
    gone = Specialty.objects.create(name="Retired specialty", slug="retired-specialty")
    save_search(f"specialty={gone.pk}")
    gone.delete()
    publish(country="KE")
    saved_search_alerts_send()
    assert outbox == []


def test_the_command_queries_do_not_grow_with_trips(save_search, django_assert_max_num_queries, outbox):
    def open_trips(count, hours):
        with time_machine.travel(T0 + timedelta(hours=hours), tick=False):
            for _ in range(count):
                trip_change_status(trip=TripFactory(country="KE"), to_status=TripStatus.OPEN)

    with time_machine.travel(T0, tick=False):
        save_search("country=KE")
        save_search("country=NI", user=UserFactory())
    open_trips(1, hours=1)
    with time_machine.travel(T0 + timedelta(hours=2), tick=False), CaptureQueriesContext(connection) as one_trip:
        assert saved_search_alerts_send() == 1
    open_trips(9, hours=3)
    with time_machine.travel(T0 + timedelta(hours=4), tick=False):
        with django_assert_max_num_queries(len(one_trip.captured_queries)):
            assert saved_search_alerts_send() == 1
