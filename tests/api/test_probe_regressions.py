"""Regressions from the outside probe (issue 14): input that gave a 500, and answers that told
hidden objects from missing ones."""

import json

import pytest
from django.urls import reverse

from applications.models import ApplicationStatus
from applications.services import application_create
from physicians.specialties import common_specialty
from tests.api.test_permission_matrix import trip_body
from tests.factories import MembershipFactory, OrganizationFactory, TripFactory

pytestmark = pytest.mark.django_db

JSON_ENDPOINTS = [
    ("post", "/api/v1/applications/"),
    ("post", "/api/v1/saved-searches/"),
    ("patch", "/api/v1/me/physician/"),
    ("post", "/api/v1/trips/"),
]


@pytest.mark.parametrize(("method", "path"), JSON_ENDPOINTS)
def test_deeply_nested_json_is_400(client, physician, organization, method, path):
    MembershipFactory(organization=organization, user=physician.user)  # reaches both roles' endpoints
    client.force_login(physician.user)
    body = "[" * 1000 + "]" * 1000  # 2 KB: Python's decoder recurses past its limit
    response = getattr(client, method)(path, body, content_type="application/json")
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]


def test_nesting_beyond_the_limit_is_400_even_when_python_could_parse_it(client, physician, settings):
    client.force_login(physician.user)
    body = {"name": "x", "query": "language=es", "extra": json.loads("[" * 40 + "]" * 40)}
    response = client.post("/api/v1/saved-searches/", body, content_type="application/json")
    assert response.status_code == 400 and "nested too deeply" in response.json()["detail"]
    assert (
        client.post("/api/v1/saved-searches/", {"query": "language=es"}, content_type="application/json").status_code
        == 201
    )


def test_a_json_body_beyond_the_limit_is_400(client, physician, settings):
    settings.API_MAX_JSON_BYTES = 10_000
    client.force_login(physician.user)
    body = json.dumps({"query": "language=es", "name": "x" * 20_000})
    response = client.post("/api/v1/saved-searches/", body, content_type="application/json")
    assert response.status_code == 400 and "too large" in response.json()["detail"]


@pytest.mark.parametrize("length", [101, 120])
def test_a_saved_search_name_beyond_the_models_limit_is_400(client, physician, length):
    client.force_login(physician.user)
    response = client.post("/api/v1/saved-searches/", {"query": "language=es", "name": "n" * length})
    assert response.status_code == 400 and "name" in response.json()
    assert client.post("/api/v1/saved-searches/", {"query": "language=es", "name": "n" * 100}).status_code == 201


def test_an_empty_trip_filter_is_ignored(client, physician, organization):
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 1})
    application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    client.force_login(physician.user)
    response = client.get("/api/v1/applications/?trip=")
    assert response.status_code == 200 and response.json()["count"] == 1


def test_a_hidden_trip_and_a_missing_one_get_the_same_answer(client, physician, organization):
    draft = TripFactory(organization=organization, needs={"family-medicine": 1})
    unverified = TripFactory(open=True, organization=OrganizationFactory(), needs={"family-medicine": 1})
    client.force_login(physician.user)
    answers = [
        client.post("/api/v1/applications/", {"trip": pk, "specialty": "family-medicine"}).json()
        for pk in (draft.pk, unverified.pk, unverified.pk + 1000)
    ]
    assert answers[0] == answers[1] == answers[2] == {"trip": ["This trip is not taking applications."]}


def test_an_unverified_organizations_slug_and_an_unknown_one_get_the_same_answer(client):
    hidden = OrganizationFactory()
    outsider = MembershipFactory(organization=OrganizationFactory(verified=True)).user
    client.force_login(outsider)
    hidden_answer = client.post("/api/v1/trips/", trip_body(organization=hidden.slug), content_type="application/json")
    unknown_answer = client.post(
        "/api/v1/trips/", trip_body(organization="no-such-org"), content_type="application/json"
    )
    assert hidden_answer.status_code == unknown_answer.status_code == 400
    assert hidden_answer.json()["organization"][0].replace(hidden.slug, "?") == unknown_answer.json()["organization"][
        0
    ].replace("no-such-org", "?")
    # Its own members still create trips for it.
    client.force_login(MembershipFactory(organization=hidden).user)
    assert (
        client.post("/api/v1/trips/", trip_body(organization=hidden.slug), content_type="application/json").status_code
        == 201
    )


def test_a_decision_says_the_email_is_on_its_way(client, physician, organization, member):
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 1})
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    client.force_login(member)
    response = client.post(reverse("applications:decide", args=[application.pk]), {"decision": "accepted"}, follow=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    page = response.content.decode()
    assert "an email to the applicant is on its way" in page and "has been emailed" not in page
