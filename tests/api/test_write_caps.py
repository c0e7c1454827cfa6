"""The API refuses what the pages refuse, because both write through the same services:
availability windows and languages are capped, a trip's training levels are each kept once
and never more than there are."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from physicians.models import AvailabilityWindow, PhysicianLanguage
from physicians.services import AVAILABILITY_WINDOWS_MAX, LANGUAGES_MAX
from tests.api.test_trip_write import trip_body
from tests.factories import TripFactory
from trips.models import Trip

pytestmark = pytest.mark.django_db


def windows(count):
    first = date(2027, 1, 1)
    return [
        {
            "start_date": (first + timedelta(days=3 * n)).isoformat(),
            "end_date": (first + timedelta(days=3 * n + 1)).isoformat(),
        }
        for n in range(count)
    ]


def test_the_api_takes_as_many_availability_windows_as_the_page(client, physician):
    client.force_login(physician.user)
    response = client.patch(
        "/api/v1/me/physician/",
        {"availability_windows": windows(AVAILABILITY_WINDOWS_MAX)},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert len(response.json()["availability_windows"]) == AVAILABILITY_WINDOWS_MAX
    assert AvailabilityWindow.objects.filter(physician=physician).count() == AVAILABILITY_WINDOWS_MAX


@pytest.mark.parametrize("count", [AVAILABILITY_WINDOWS_MAX + 1, 5000])
def test_the_api_refuses_more_availability_windows_than_the_page(client, physician, count):
    before = list(AvailabilityWindow.objects.filter(physician=physician).values_list("start_date", "end_date"))
    client.force_login(physician.user)
    response = client.patch(
        "/api/v1/me/physician/", {"availability_windows": windows(count)}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "availability_windows": [f"List at most {AVAILABILITY_WINDOWS_MAX} availability windows."]
    }
    assert list(AvailabilityWindow.objects.filter(physician=physician).values_list("start_date", "end_date")) == before


def test_the_page_refuses_more_availability_windows_than_the_cap(client, physician):
    client.force_login(physician.user)
    data = {
        "languages-TOTAL_FORMS": 0,
        "languages-INITIAL_FORMS": 0,
        "availability-TOTAL_FORMS": AVAILABILITY_WINDOWS_MAX + 1,
        "availability-INITIAL_FORMS": 0,
    }
    for n, window in enumerate(windows(AVAILABILITY_WINDOWS_MAX + 1)):
        data[f"availability-{n}-start_date"] = window["start_date"]
        data[f"availability-{n}-end_date"] = window["end_date"]
    before = AvailabilityWindow.objects.filter(physician=physician).count()
    response = client.post(reverse("physicians:profile-edit", args=["languages"]), data)
    assert response.status_code == 200 and response.context["availability"].non_form_errors()
    assert AvailabilityWindow.objects.filter(physician=physician).count() == before


def test_the_api_refuses_more_languages_than_the_cap(client, physician):
    client.force_login(physician.user)
    before = PhysicianLanguage.objects.filter(physician=physician).count()
    response = client.patch(
        "/api/v1/me/physician/",
        {"languages": [{"language": "es", "proficiency": 2}] * (LANGUAGES_MAX + 1)},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json() == {"languages": [f"List at most {LANGUAGES_MAX} languages."]}
    assert PhysicianLanguage.objects.filter(physician=physician).count() == before


def test_the_api_refuses_a_thousand_training_levels_on_a_new_trip(client, organization, member):
    client.force_login(member)
    body = trip_body(organization, accepted_training_levels=["resident"] * 1000)
    response = client.post("/api/v1/trips/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"accepted_training_levels": ["List at most 4 training levels, each once."]}
    assert not Trip.objects.filter(organization=organization).exists()


def test_the_api_refuses_a_thousand_training_levels_on_an_edit(client, organization, member):
    trip = TripFactory(organization=organization, accepted_training_levels=["attending"])
    client.force_login(member)
    response = client.patch(
        f"/api/v1/trips/{trip.pk}/",
        {"accepted_training_levels": ["resident", "attending"] * 500},
        content_type="application/json",
    )
    assert response.status_code == 400 and set(response.json()) == {"accepted_training_levels"}
    trip.refresh_from_db()
    assert trip.accepted_training_levels == ["attending"]


def test_a_training_level_sent_twice_is_kept_once(client, organization, member):
    client.force_login(member)
    body = trip_body(organization, accepted_training_levels=["resident", "attending", "resident"])
    response = client.post("/api/v1/trips/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["accepted_training_levels"] == ["resident", "attending"]
    assert Trip.objects.get(pk=response.json()["id"]).accepted_training_levels == ["resident", "attending"]
