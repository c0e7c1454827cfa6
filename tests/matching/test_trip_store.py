"""The trip-feature store and its generation: the matches page reads the store in one query
when it is current, and every write that changes what the engine reads shows on the very
next page, through the services (and Django admin) that make it."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import vocabulary
from applications.models import ApplicationStatus
from applications.services import application_create, application_decide, application_withdraw
from matching.generation import engine_input_changed, engine_input_generation
from matching.physician_reads import physician_for_matching
from matching.selectors import physician_with_related, trip_features_current, volunteer_profile
from organizations.models import VettingStatus
from organizations.services import host_claims_submit, host_link_create, organization_change_vetting_status
from physicians.specialties import common_specialty
from tests.factories import (
    LocalPartnerFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
    UserFactory,
)
from trips.models import Trip, TripStatus
from trips.services import trip_change_status, trip_save

pytestmark = pytest.mark.django_db

MATCHES = "matching:mine"


@pytest.fixture
def volunteer():
    return PhysicianProfileFactory(motivations={vocabulary.TEACHING: 3}, languages={"es": 3})


def page(client):
    response = client.get(reverse(MATCHES))
    assert response.status_code == 200
    return response.content.decode()


def test_a_current_store_serves_the_whole_page_in_at_most_seven_queries(
    client, volunteer, organization, django_assert_max_num_queries
):
    """Session, user, physician, the physician's related rows, the generation: whatever the
    number of trips (the cards' trips come from the store)."""
    for _ in range(3):
        TripFactory(open=True, organization=organization)
    client.force_login(volunteer.user)
    page(client)  # builds the store
    with django_assert_max_num_queries(7):
        assert page(client).count('<article class="card">') == 3
    more = OrganizationFactory(verified=True, strong_evidence=True)
    for _ in range(30):
        TripFactory(open=True, organization=more)
    page(client)
    with django_assert_max_num_queries(7):
        assert page(client).count('<article class="card">') == 20
    with CaptureQueriesContext(connection) as second_page:
        assert page_two(client).count('<article class="card">') == 13
    assert len(second_page.captured_queries) <= 7


def page_two(client):
    return client.get(reverse(MATCHES), {"page": 2}).content.decode()


def test_rebuilding_the_store_takes_the_same_queries_whatever_the_number_of_trips(
    client, volunteer, organization, django_assert_num_queries
):
    TripFactory(open=True, organization=organization)
    client.force_login(volunteer.user)
    page(client)
    engine_input_changed()
    with CaptureQueriesContext(connection) as small:
        page(client)
    for _ in range(25):
        TripFactory(open=True, organization=OrganizationFactory(verified=True))
    with django_assert_num_queries(len(small.captured_queries)):
        page(client)


def test_the_physician_is_read_as_with_related_reads_it(volunteer):
    volunteer.other_specialties.add(common_specialty("pediatrics"))
    volunteer.availability_windows.create(
        start_date=timezone.localdate() + timedelta(days=400), end_date=timezone.localdate() + timedelta(days=410)
    )
    engine_input_changed()
    _physician, profile, generation = physician_for_matching(user=volunteer.user)
    assert profile == volunteer_profile(physician_with_related(pk=volunteer.pk))
    assert generation == engine_input_generation() >= 1


def test_a_suspended_organization_is_gone_from_the_next_page(client, volunteer, organization, admin_user):
    TripFactory(open=True, organization=organization, title="Suspended soon")
    client.force_login(volunteer.user)
    assert "Suspended soon" in page(client)
    organization_change_vetting_status(
        organization=organization, to_status=VettingStatus.SUSPENDED, decided_by=admin_user, reason="Complaint"
    )
    assert "Suspended soon" not in page(client)


def test_a_filled_place_is_gone_and_a_freed_one_back(client, volunteer, organization):
    trip = TripFactory(open=True, organization=organization, title="One place", needs={"family-medicine": 1})
    client.force_login(volunteer.user)
    assert "One place" in page(client)
    other = PhysicianProfileFactory()
    application = application_create(physician=other, trip=trip, specialty=other.primary_specialty)
    owner = MembershipFactory(organization=organization).user
    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=owner)
    assert "One place" not in page(client)
    application_withdraw(application=application, by_user=other.user)
    assert "One place" in page(client)


def test_a_new_trip_is_there_as_soon_as_it_opens(client, volunteer, organization):
    client.force_login(volunteer.user)
    assert "New this morning" not in page(client)
    start = timezone.localdate() + timedelta(days=50)
    trip = trip_save(
        organization=organization,
        values={
            "title": "New this morning",
            "country": "NI",
            "place": "León",
            "start_date": start,
            "end_date": start + timedelta(days=7),
            "application_deadline": start - timedelta(days=10),
            "cost_usd": 900,
        },
        needs=[(common_specialty("family-medicine"), 2)],
        languages=["es"],
    )
    assert "New this morning" not in page(client)  # a draft
    trip_change_status(trip=trip, to_status=TripStatus.OPEN)
    assert "New this morning" in page(client)
    # The first trip of the store brings columns it lacked: built whole.
    assert not trip_features_current().refreshed
    trip_save(organization=organization, trip=trip, values={"title": "Renamed at noon"})
    body = page(client)
    assert "Renamed at noon" in body and "New this morning" not in body
    assert trip_features_current().refreshed  # the one trip re-read, not the whole store
    trip_change_status(trip=trip, to_status=TripStatus.CLOSED)
    assert "Renamed at noon" not in page(client)


def test_a_host_partners_dispute_shows_at_once(client, volunteer, organization):
    TripFactory(open=True, organization=organization)
    partner = LocalPartnerFactory(organization=organization, contact_email="host@example.org")
    link = host_link_create(partner=partner, kind=vocabulary.HOST_CONFIRMATION)
    client.force_login(volunteer.user)
    assert "The host partner disputes" not in page(client)
    host_claims_submit(link=link, answers={vocabulary.HOST_CLAIM_KEYS[0]: (vocabulary.DISPUTED, "Not so")})
    assert "The host partner disputes" in page(client)


def test_django_admin_changes_and_bulk_actions_show_at_once(client, volunteer, organization, admin_user):
    kept = TripFactory(open=True, organization=organization, title="Admin keeps")
    cancelled = TripFactory(open=True, organization=organization, title="Admin cancels")
    client.force_login(volunteer.user)
    body = page(client)
    assert "Admin keeps" in body and "Admin cancels" in body

    staff = client_for(admin_user)
    # Trips are never deleted in admin (cancelled instead), so the delete page refuses.
    assert staff.post(reverse("admin:trips_trip_delete", args=[cancelled.pk]), {"post": "yes"}).status_code == 403
    staff.post(reverse("admin:trips_trip_changelist"), {"action": "cancel_trips", "_selected_action": [cancelled.pk]})
    assert Trip.objects.get(pk=cancelled.pk).status == TripStatus.CANCELLED
    assert "Admin cancels" not in page(client)

    # A change form's save (its many inlines aside): the admin's own save_model hook.
    kept.title = "Admin renamed"
    request = RequestFactory().post("/")
    request.user = admin_user
    admin.site._registry[Trip].save_model(request, kept, form=None, change=True)
    assert "Admin renamed" in page(client)


def client_for(user):
    other = Client()
    other.force_login(user)
    return other


def test_a_new_day_drops_trips_whose_deadline_passed_without_a_write(volunteer, organization):
    today = timezone.localdate()
    TripFactory(
        open=True,
        organization=organization,
        start_date=today + timedelta(days=10),
        end_date=today + timedelta(days=12),
        application_deadline=today,
    )
    snapshot = trip_features_current(today=today)
    assert len(snapshot.features) == 1
    assert trip_features_current(today=today) is snapshot  # current: not rebuilt
    tomorrow = trip_features_current(today=today + timedelta(days=1))
    assert tomorrow is not snapshot and len(tomorrow.features) == 0
    assert tomorrow.generation == engine_input_generation()


def test_nobody_else_sees_what_the_store_holds(client, organization):
    """The store serves only a physician's own matches: the page still needs a physician."""
    TripFactory(open=True, organization=organization)
    client.force_login(UserFactory())
    assert client.get(reverse(MATCHES)).status_code == 302
    client.logout()
    response = client.get(reverse(MATCHES))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_a_trip_deleted_outside_the_services_is_gone_from_the_next_page(client, volunteer, organization):
    kept = TripFactory(open=True, organization=organization, title="Still here")
    deleted = TripFactory(open=True, organization=organization, title="Deleted by a script")
    client.force_login(volunteer.user)
    assert "Deleted by a script" in page(client)
    deleted.delete()
    body = page(client)
    assert "Deleted by a script" not in body and kept.title in body
    data = client.get("/api/v1/matches/").json()
    assert [row["id"] for row in data["results"]] == [kept.pk]
