import pytest

from matching.models import MatchRound
from matching.services import match_round_run
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory, UserFactory
from trips.models import TripStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip(organization):
    return TripFactory(open=True, organization=organization, needs={"family-medicine": 1})


def test_apply_list_decide_withdraw_through_the_api(client, trip, physician, member):
    client.force_login(physician.user)
    response = client.post("/api/v1/applications/", {"trip": trip.pk, "specialty": "family-medicine", "note": "Hi"})
    assert response.status_code == 201
    application_id = response.json()["id"]
    assert (
        client.post("/api/v1/applications/", {"trip": trip.pk, "specialty": "family-medicine"}).json()["id"]
        == application_id
    )
    assert client.post(f"/api/v1/applications/{application_id}/decide/", {"decision": "accepted"}).status_code == 403

    client.force_login(member)
    listed = client.get("/api/v1/applications/", {"trip": trip.pk}).json()
    assert listed["count"] == 1 and "licence_number" not in str(listed)
    response = client.post(f"/api/v1/applications/{application_id}/decide/", {"decision": "accepted"})
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    bad = client.post(f"/api/v1/applications/{application_id}/decide/", {"decision": "maybe"})
    assert bad.status_code == 400 and "decision" in bad.json()

    client.force_login(physician.user)
    items = client.get(f"/api/v1/applications/{application_id}/checklist/").json()
    assert len(items) >= 9
    ticked = client.patch(
        f"/api/v1/applications/{application_id}/checklist/{items[0]['id']}/",
        {"done": True},
        content_type="application/json",
    )
    assert ticked.status_code == 200 and ticked.json()["done"] is True
    assert client.post(f"/api/v1/applications/{application_id}/withdraw/").json()["status"] == "withdrawn"


def test_apply_errors_are_field_messages(client, trip, physician):
    client.force_login(physician.user)
    response = client.post("/api/v1/applications/", {"trip": trip.pk, "specialty": "general-surgery"})
    assert response.status_code == 400 and "specialty" in response.json()
    response = client.post("/api/v1/applications/", {"trip": 999999, "specialty": "nonsense"})
    assert response.status_code == 400 and {"trip", "specialty"} <= set(response.json())
    assert client.get("/api/v1/applications/", {"trip": "abc"}).status_code == 400


def test_only_physicians_apply_and_others_see_nothing(client, trip, physician):
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    assert client.post("/api/v1/applications/", {"trip": trip.pk, "specialty": "family-medicine"}).status_code == 403
    client.force_login(physician.user)
    application_id = client.post("/api/v1/applications/", {"trip": trip.pk, "specialty": "family-medicine"}).json()[
        "id"
    ]
    client.force_login(PhysicianProfileFactory().user)
    assert client.get(f"/api/v1/applications/{application_id}/").status_code == 404
    assert client.get("/api/v1/applications/").json()["count"] == 0


def test_my_profile_read_and_update(client, physician):
    assert client.get("/api/v1/me/physician/").status_code in (401, 403)
    client.force_login(physician.user)
    data = client.get("/api/v1/me/physician/").json()
    assert data["licence_number"] == physician.licence_number
    response = client.patch(
        "/api/v1/me/physician/",
        {
            "motivation_weights": {"teaching": 3},
            "languages": [{"language": "es", "proficiency": 2}],
            "preferred_countries": ["ni"],
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["motivation_weights"]["teaching"] == 3 and response.json()["preferred_countries"] == ["NI"]
    bad = client.patch(
        "/api/v1/me/physician/",
        {
            "motivation_weights": {"teaching": 9, "fame": 1},
            "availability_windows": [{"start_date": "2027-05-01", "end_date": "2027-01-01"}],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and {"motivation_weights", "availability_windows"} <= set(bad.json())
    client.force_login(MembershipFactory().user)
    assert client.get("/api/v1/me/physician/").status_code == 404


def test_round_preferences_and_results(client, trip, physician, member):
    match_round = MatchRound.objects.create(name="Spring")
    client.force_login(physician.user)
    url = f"/api/v1/rounds/{match_round.pk}/preferences/"
    assert client.put(url, {"trip_ids": [trip.pk]}, content_type="application/json").json() == {"trip_ids": [trip.pk]}
    assert client.put(url, {"trip_ids": [trip.pk, trip.pk]}, content_type="application/json").status_code == 400

    match_round_run(match_round=match_round)
    results = client.get(f"/api/v1/rounds/{match_round.pk}/results/").json()
    assert [r["trip"] for r in results] == [trip.pk]
    client.force_login(member)
    assert len(client.get(f"/api/v1/rounds/{match_round.pk}/results/").json()) == 1
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    assert client.get(f"/api/v1/rounds/{match_round.pk}/results/").json() == []


def test_post_trip_report_by_members_only(client, organization, member):
    trip = TripFactory(organization=organization, status=TripStatus.COMPLETED)
    figures = {
        "patients_seen": 120,
        "follow_ups_handed_to_local_staff": 30,
        "local_staff_trained": 4,
        "what_changed": "Triage.",
    }
    client.force_login(MembershipFactory(organization=OrganizationFactory(verified=True)).user)
    assert client.post(f"/api/v1/trips/{trip.pk}/report/", figures).status_code == 404
    client.force_login(member)
    assert client.post(f"/api/v1/trips/{trip.pk}/report/", {**figures, "patients_seen": -1}).status_code == 400
    assert client.post(f"/api/v1/trips/{trip.pk}/report/", figures).status_code == 201
    assert client.post(f"/api/v1/trips/{trip.pk}/report/", figures).status_code == 400


def test_token_by_email_and_password_for_a_signed_up_account(client, password):
    UserFactory(email="ana@example.org", username="ana")  # allauth picks usernames itself
    response = client.post("/api/v1/auth/token/", {"username": "ana@example.org", "password": password})
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    assert client.get("/api/v1/applications/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    assert client.post("/api/v1/auth/token/", {"username": "ana@example.org", "password": "wrong"}).status_code == 400


def test_saved_searches_through_the_api(client, physician):
    assert client.get("/api/v1/saved-searches/").status_code in (401, 403)
    client.force_login(physician.user)
    created = client.post("/api/v1/saved-searches/", {"query": "language=es&max_cost=2000", "name": "Spanish"})
    assert created.status_code == 201
    saved_id = created.json()["id"]
    assert client.post("/api/v1/saved-searches/", {"query": "max_cost=lots"}).status_code == 400
    off = client.patch(f"/api/v1/saved-searches/{saved_id}/", {"is_active": False}, content_type="application/json")
    assert off.status_code == 200 and off.json()["is_active"] is False
    client.force_login(PhysicianProfileFactory().user)
    assert client.get("/api/v1/saved-searches/").json()["count"] == 0
    assert client.delete(f"/api/v1/saved-searches/{saved_id}/").status_code == 404
    client.force_login(physician.user)
    assert client.delete(f"/api/v1/saved-searches/{saved_id}/").status_code == 204
