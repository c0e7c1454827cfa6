"""Trips created and edited through the API by their organization's members, with the same
service and rules as the organization's trip page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationStatus
from applications.services import application_create, application_decide
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory, UserFactory
from trips.models import Trip, TripSpecialtyNeed, TripStatus

pytestmark = pytest.mark.django_db


def trip_body(organization=None, **overrides):
    start = timezone.localdate() + timedelta(days=90)
    body = {
        "title": "Pediatric week",
        "country": "NI",
        "place": "Jinotega",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=13)).isoformat(),
        "application_deadline": (start - timedelta(days=30)).isoformat(),
        "cost_usd": 900,
        "continuity_plan": "Clinic nurses follow up.",
        "specialty_needs": [{"specialty": "pediatrics", "places": 2}, {"specialty": "family-medicine", "places": 1}],
        "languages": ["es", "en"],
    }
    if organization is not None:
        body["organization"] = organization.slug
    return {**body, **overrides}


def test_member_creates_a_draft_with_places_and_languages(client, organization, member):
    client.force_login(member)
    response = client.post("/api/v1/trips/", trip_body(organization), content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == TripStatus.DRAFT and data["organization"] == organization.slug
    assert {(n["specialty"], n["places"]) for n in data["specialty_needs"]} == {
        ("pediatrics", 2),
        ("family-medicine", 1),
    }
    assert data["languages"] == ["en", "es"]
    trip = Trip.objects.get(pk=data["id"])
    assert trip.status == TripStatus.DRAFT and trip.organization == organization
    # Opening stays with the status endpoint, under its own rules.
    opened = client.post(f"/api/v1/trips/{trip.pk}/status/", {"status": "open"})
    assert opened.status_code == 200 and opened.json()["status"] == TripStatus.OPEN


def test_a_status_sent_on_create_is_ignored(client, organization, member):
    client.force_login(member)
    response = client.post("/api/v1/trips/", trip_body(organization, status="open"), content_type="application/json")
    assert response.status_code == 201 and response.json()["status"] == TripStatus.DRAFT


@pytest.mark.parametrize(
    ("overrides", "fields"),
    [
        ({"end_date": "2020-01-01"}, {"end_date"}),
        ({"application_deadline": "2099-01-01"}, {"application_deadline"}),
        ({"specialty_needs": [{"specialty": "pediatrics", "places": 0}]}, {"specialty_needs"}),
        ({"specialty_needs": [{"specialty": "pediatrics", "places": -2}]}, {"specialty_needs"}),
        (
            {"specialty_needs": [{"specialty": "pediatrics", "places": 1}, {"specialty": "pediatrics", "places": 2}]},
            {"specialty_needs"},
        ),
        ({"specialty_needs": [{"specialty": "astrology", "places": 1}]}, {"specialty_needs"}),
        ({"cost_usd": -1}, {"cost_usd"}),
        ({"languages": ["xx"]}, {"languages"}),
        ({"start_date": "soon", "title": ""}, {"start_date", "title"}),
        ({"organization": "no-such-organization"}, {"organization"}),
        ({"specialty_needs": [{"specialty": "pediatrics", "places": 2**70}]}, {"specialty_needs"}),
        ({"specialty_needs": "pediatrics", "languages": None}, {"specialty_needs", "languages"}),
        ({"cost_usd": 2**70, "end_date": "2027-02-30"}, {"cost_usd", "end_date"}),
    ],
)
def test_bad_trips_are_400_with_field_messages(client, organization, member, overrides, fields):
    client.force_login(member)
    response = client.post("/api/v1/trips/", {**trip_body(organization), **overrides}, content_type="application/json")
    assert response.status_code == 400, response.content
    assert fields <= set(response.json()), response.json()
    assert not Trip.objects.exists()


def test_non_members_cannot_create(client, organization):
    body = trip_body(organization)
    assert client.post("/api/v1/trips/", body, content_type="application/json").status_code in (401, 403)
    for user in (
        PhysicianProfileFactory().user,
        MembershipFactory(organization=OrganizationFactory(verified=True)).user,
    ):
        client.force_login(user)
        assert client.post("/api/v1/trips/", body, content_type="application/json").status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.post("/api/v1/trips/", body, content_type="application/json").status_code == 201
    assert Trip.objects.count() == 1


def test_member_edits_a_trip_and_places_respect_accepted_volunteers(client, organization, member):
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 2}, languages=["es"])
    physician = PhysicianProfileFactory()
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)
    client.force_login(member)
    url = f"/api/v1/trips/{trip.pk}/"
    response = client.patch(url, {"title": "Renamed", "languages": ["fr"]}, content_type="application/json")
    assert response.status_code == 200 and response.json()["title"] == "Renamed"
    assert response.json()["languages"] == ["fr"] and response.json()["status"] == TripStatus.OPEN
    assert TripSpecialtyNeed.objects.get(trip=trip).places == 2  # not sent: unchanged
    too_few = client.patch(
        url, {"specialty_needs": [{"specialty": "family-medicine", "places": 0}]}, content_type="application/json"
    )
    assert too_few.status_code == 400 and "specialty_needs" in too_few.json()
    removed = client.patch(
        url, {"specialty_needs": [{"specialty": "pediatrics", "places": 1}]}, content_type="application/json"
    )
    assert removed.status_code == 400 and "specialty_needs" in removed.json()
    dates = client.patch(
        url, {"end_date": (trip.start_date - timedelta(days=1)).isoformat()}, content_type="application/json"
    )
    assert dates.status_code == 400 and "end_date" in dates.json()
    more = client.patch(
        url,
        {"specialty_needs": [{"specialty": "family-medicine", "places": 3}, {"specialty": "pediatrics", "places": 1}]},
        content_type="application/json",
    )
    assert more.status_code == 200
    assert {
        n.specialty.slug: (n.places, n.places_filled) for n in trip.specialty_needs.select_related("specialty")
    } == {"family-medicine": (3, 1), "pediatrics": (1, 0)}
    replaced = client.put(
        url,
        trip_body(title="Whole", specialty_needs=[{"specialty": "pediatrics", "places": 1}]),
        content_type="application/json",
    )
    assert replaced.status_code == 400  # family medicine has an accepted volunteer and is missing here
    whole = trip_body(title="Whole", specialty_needs=[{"specialty": "family-medicine", "places": 1}])
    assert client.put(url, whole, content_type="application/json").status_code == 200
    trip.refresh_from_db()
    assert trip.title == "Whole" and trip.status == TripStatus.OPEN and trip.organization == organization


def test_a_body_that_is_not_an_object_is_400(client, organization, member):
    trip = TripFactory(organization=organization)
    client.force_login(member)
    assert client.post("/api/v1/trips/", [trip_body(organization)], content_type="application/json").status_code == 400
    assert client.patch(f"/api/v1/trips/{trip.pk}/", ["title"], content_type="application/json").status_code == 400


def test_non_members_cannot_edit(client, organization):
    public = TripFactory(open=True, organization=organization)
    draft = TripFactory(organization=organization)
    for trip in (public, draft):
        assert client.patch(
            f"/api/v1/trips/{trip.pk}/", {"title": "X"}, content_type="application/json"
        ).status_code in (401, 403)
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    assert (
        client.patch(f"/api/v1/trips/{public.pk}/", {"title": "X"}, content_type="application/json").status_code == 403
    )
    assert (
        client.patch(f"/api/v1/trips/{draft.pk}/", {"title": "X"}, content_type="application/json").status_code == 404
    )
    assert client.put(f"/api/v1/trips/{public.pk}/", trip_body(), content_type="application/json").status_code == 403
    assert set(Trip.objects.values_list("title", flat=True)) != {"X"}


def test_the_trip_page_still_saves_through_the_same_service(client, organization, member):
    trip = TripFactory(organization=organization, needs={"family-medicine": 2})
    client.force_login(member)
    data = {
        "title": "Page edit",
        "country": "NI",
        "place": "León",
        "start_date": trip.start_date,
        "end_date": trip.end_date,
        "application_deadline": trip.application_deadline,
        "cost_usd": 10,
        "languages": ["es"],
        "needs-TOTAL_FORMS": 2,
        "needs-INITIAL_FORMS": 1,
        "needs-MIN_NUM_FORMS": 0,
        "needs-MAX_NUM_FORMS": 1000,
        "needs-0-id": trip.specialty_needs.get().pk,
        "needs-0-trip": trip.pk,
        "needs-0-specialty": common_specialty("family-medicine").pk,
        "needs-0-places": 4,
        "needs-1-trip": trip.pk,
        "needs-1-specialty": common_specialty("pediatrics").pk,
        "needs-1-places": 1,
    }
    response = client.post(reverse("manage:trip-edit", args=[organization.slug, trip.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    trip.refresh_from_db()
    assert trip.title == "Page edit" and [language.language for language in trip.languages.all()] == ["es"]
    assert {n.specialty.slug: n.places for n in trip.specialty_needs.select_related("specialty")} == {
        "family-medicine": 4,
        "pediatrics": 1,
    }
