"""Regressions: input that used to crash with a 500 answers 400 (API) or 404 (pages).

"²".isdigit() is True in Python but int("²") raises, so every id read from a request goes
through a serializer/form field or isascii() + isdecimal()."""

from datetime import timedelta

import pytest
from django.db import DataError
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from applications.models import ApplicationStatus, ChecklistItem
from applications.services import application_create, application_decide
from matching.models import MatchRound
from notifications.search_queries import search_criteria
from physicians.specialties import common_specialty
from portal.middleware import RejectNullBytesMiddleware
from tests.factories import PhysicianProfileFactory, TripFactory

pytestmark = pytest.mark.django_db

SUPERSCRIPT_TWO = "²"


@pytest.fixture
def accepted(organization, physician, member):
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 1})
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    return application_decide(application=application, decision=ApplicationStatus.ACCEPTED, decided_by=member)


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, "-1", "0", "abc", "1.5", str(2**64)])
def test_application_list_with_a_trip_that_is_not_an_id_is_400(client, physician, value):
    client.force_login(physician.user)
    response = client.get("/api/v1/applications/", {"trip": value})
    assert response.status_code == 400 and "trip" in response.json()


def test_application_list_filters_by_trip(client, physician, accepted):
    client.force_login(physician.user)
    assert client.get("/api/v1/applications/", {"trip": accepted.trip_id}).json()["count"] == 1
    assert client.get("/api/v1/applications/", {"trip": accepted.trip_id + 1}).json()["count"] == 0


@pytest.mark.parametrize("body", [[], [{"is_active": False}], "false", 3])
def test_saved_search_patch_with_a_body_that_is_not_an_object_is_400(client, physician, body):
    client.force_login(physician.user)
    saved_id = client.post("/api/v1/saved-searches/", {"query": "language=es"}).json()["id"]
    response = client.patch(f"/api/v1/saved-searches/{saved_id}/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert (
        client.patch(
            f"/api/v1/saved-searches/{saved_id}/", {"is_active": "sometimes"}, content_type="application/json"
        ).status_code
        == 400
    )
    unchanged = client.patch(f"/api/v1/saved-searches/{saved_id}/", {}, content_type="application/json")
    assert unchanged.status_code == 200 and unchanged.json()["is_active"] is True


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, "١", "x", ""])
def test_checklist_page_with_an_item_that_is_not_an_id_is_404(client, physician, accepted, value):
    client.force_login(physician.user)
    response = client.post(reverse("applications:checklist", args=[accepted.pk]), {"item": value})
    assert response.status_code == 404
    assert not ChecklistItem.objects.filter(application=accepted, done=True).exists()


def test_round_page_confirming_a_couple_link_that_is_not_an_id_is_404(client, physician):
    match_round = MatchRound.objects.create(name="Spring")
    client.force_login(physician.user)
    url = reverse("matching:round-preferences", args=[match_round.pk])
    assert client.post(url, {"confirm_couple": SUPERSCRIPT_TWO}).status_code == 404


def test_saved_search_criteria_ignore_a_specialty_that_is_not_an_id():
    specialty = common_specialty("pediatrics")
    criteria = search_criteria([f"specialty={SUPERSCRIPT_TWO}", f"specialty={specialty.pk}"])
    assert criteria[0][0][1] == SUPERSCRIPT_TWO  # shown as typed, never looked up
    assert criteria[1][0][1] == specialty.name


@pytest.mark.parametrize("method", ["put", "patch", "post"])
def test_a_null_character_in_a_multipart_body_is_400_on_any_method(client, physician, method):
    """Django parses multipart into request.POST only for POST; DRF parses it for PUT and
    PATCH too, so a NUL there once reached PostgreSQL (found by the API fuzz test)."""
    client.force_login(physician.user)
    fields = {"primary_specialty": "\x00", "display_name": "Dr. Null"}
    # The test client encodes a dict itself only for POST.
    body = fields if method == "post" else encode_multipart(BOUNDARY, fields)
    response = getattr(client, method)("/api/v1/me/physician/", body, content_type=MULTIPART_CONTENT)
    # Refused before any serializer looks the specialty up (on PostgreSQL that lookup was the 500).
    assert response.status_code == 400 and b"Null characters" in response.content
    physician.refresh_from_db()
    assert physician.display_name != "Dr. Null"


def test_a_null_character_the_database_refuses_is_400_not_500(rf):
    middleware = RejectNullBytesMiddleware(lambda request: None)
    refused = DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes")
    assert middleware.process_exception(rf.post("/"), refused).status_code == 400
    assert middleware.process_exception(rf.post("/"), DataError("value too long for type character varying(5)")) is None


def test_best_fit_for_a_physician_with_no_possible_trip_lists_the_trips_soonest_first(client, organization):
    """No candidate at all (here: no availability) once made the best-fit order a bare
    constant, which PostgreSQL read as a column position: a 500 found by the API fuzz test."""
    later = TripFactory(open=True, organization=organization, title="Later")
    sooner = TripFactory(open=True, organization=organization, title="Sooner")
    sooner.start_date, sooner.end_date = later.start_date - timedelta(days=30), later.end_date - timedelta(days=30)
    sooner.save()
    physician = PhysicianProfileFactory(available=False)
    client.force_login(physician.user)
    for sort in ("-soonest,soonest", ""):
        response = client.get("/api/v1/trips/", {"rank": "best_fit", "sort": sort})
        assert response.status_code == 200
        assert [trip["title"] for trip in response.json()["results"]] == ["Sooner", "Later"]
    page = client.get(reverse("trips:list"), {"rank": "best_fit"})
    assert page.status_code == 200 and page.content.decode().index("Sooner") < page.content.decode().index("Later")
