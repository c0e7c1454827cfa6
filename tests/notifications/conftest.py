import pytest
from django.core import mail

from notifications.saved_searches import saved_search_create
from tests.factories import TripFactory, UserFactory
from trips.models import TripStatus
from trips.services import trip_change_status


@pytest.fixture
def outbox(settings):
    """Emails really go through the outbox and land in django.core.mail.outbox."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return mail.outbox


@pytest.fixture
def searcher(db):
    return UserFactory(email="searcher@example.org")


@pytest.fixture
def save_search(searcher):
    def save(query="", name="", user=None):
        return saved_search_create(user=user or searcher, query=query, name=name)

    return save


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Open a draft trip the way organizations do, with the saved-search hook the trip
    service runs after commit (as wired in trips.services.trip_change_status)."""

    def publish_trip(trip=None, **trip_fields):
        trip = trip or TripFactory(**trip_fields)
        with django_capture_on_commit_callbacks(execute=True):
            trip_change_status(trip=trip, to_status=TripStatus.OPEN)
        return trip

    return publish_trip
