"""Every endpoint × method × role: the exact status, and no private field leaking.

Each role's request runs in a savepoint that is rolled back, so every role meets the same
world (a withdrawal or a deletion by one role does not change what the next one sees). A
second test walks the OpenAPI document so a new endpoint cannot be left out of the matrix."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from applications.checklist import checklist_create_for
from applications.models import ApplicationStatus
from applications.services import application_create
from matching.models import MatchRound
from notifications.models import SavedSearch
from organizations.api import ORGANIZATION_WRITE_EXAMPLE
from physicians.api import PROFILE_EXAMPLE
from physicians.specialties import common_specialty
from tests.factories import (
    TEST_PASSWORD,
    ApplicationFactory,
    CredentialDocumentFactory,
    MembershipFactory,
    OrganizationFactory,
    PhysicianProfileFactory,
    TripFactory,
    UserFactory,
)
from trips.models import TripStatus

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "physician", "other_physician", "member", "other_member", "admin"]
ALPHA = {"name": "Dr. Alpha Private", "email": "alpha.private@example.org", "licence": "SECRET-LICENCE-1"}
BETA = {"name": "Dr. Beta Private", "email": "beta.private@example.org", "licence": "SECRET-LICENCE-2"}
SAVED_SEARCH_NAME = "Alpha's private search"


@pytest.fixture
def world(db):
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 2})
    past_trip = TripFactory(organization=organization, status=TripStatus.COMPLETED)
    family = common_specialty("family-medicine")
    physician = PhysicianProfileFactory(
        display_name=ALPHA["name"], licence_number=ALPHA["licence"], user=UserFactory(email=ALPHA["email"])
    )
    other_physician = PhysicianProfileFactory(
        display_name=BETA["name"], licence_number=BETA["licence"], user=UserFactory(email=BETA["email"])
    )
    # Both physicians applied to the same trip: neither may ever see the other's application.
    application = application_create(physician=physician, trip=trip, specialty=family)
    application_create(physician=other_physician, trip=trip, specialty=family)
    accepted = ApplicationFactory(
        physician=physician, trip=past_trip, specialty=family, status=ApplicationStatus.ACCEPTED
    )
    checklist_create_for(application=accepted)
    users = {
        "anonymous": None,
        "physician": physician.user,
        "other_physician": other_physician.user,
        "member": MembershipFactory(organization=organization).user,
        "other_member": MembershipFactory(organization=OrganizationFactory(verified=True)).user,
        "admin": UserFactory(is_staff=True, is_superuser=True),
    }
    saved = SavedSearch.objects.create(user=physician.user, name=SAVED_SEARCH_NAME, query="language=es")
    credential = CredentialDocumentFactory(physician=physician)
    return {
        "users": users,
        "ids": {
            "org": organization.slug,
            "trip": trip.pk,
            "past_trip": past_trip.pk,
            "application": application.pk,
            "accepted": accepted.pk,
            "item": accepted.checklist_items.first().pk,
            "round": MatchRound.objects.create(name="R").pk,
            "saved": saved.pk,
            "credential": credential.pk,
        },
    }


def trip_body(**extra):
    start = timezone.localdate() + timedelta(days=90)
    return {
        "title": "Matrix trip",
        "country": "NI",
        "place": "León",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=7)).isoformat(),
        "application_deadline": (start - timedelta(days=20)).isoformat(),
        "cost_usd": 500,
        "specialty_needs": [{"specialty": "family-medicine", "places": 2}],
        "languages": ["es"],
        **extra,
    }


def expect(anonymous, physician, other_physician, member, other_member, admin):
    return dict(zip(ROLES, (anonymous, physician, other_physician, member, other_member, admin), strict=True))


EVERYONE = expect(200, 200, 200, 200, 200, 200)
SIGNED_IN = expect(401, 200, 200, 200, 200, 200)
MEMBERS = expect(401, 403, 403, 200, 403, 200)  # the organization's members and admins
PHYSICIANS = expect(401, 200, 200, 403, 403, 403)  # anyone with a physician profile
OWN_PROFILE = expect(401, 200, 200, 404, 404, 404)
APPLICANT_ACCEPTED = expect(401, 200, 404, 404, 404, 404)  # the accepted applicant only
OWNER_OF_SAVED = expect(401, 200, 404, 404, 404, 404)

# (method, path template, body, expected status per role)
MATRIX = [
    ("post", "/api/v1/auth/token/", {"username": ALPHA["email"], "password": TEST_PASSWORD}, EVERYONE),
    ("get", "/api/v1/organizations/", None, EVERYONE),
    ("get", "/api/v1/organizations/{org}/", None, EVERYONE),
    ("patch", "/api/v1/organizations/{org}/", {"local_staff_employed": 30}, MEMBERS),
    ("put", "/api/v1/organizations/{org}/", ORGANIZATION_WRITE_EXAMPLE, MEMBERS),
    ("get", "/api/v1/organizations/{org}/reports/", None, EVERYONE),
    ("get", "/api/v1/organizations/{org}/reviews/", None, EVERYONE),
    (
        "post",
        "/api/v1/organizations/{org}/vetting/",
        {"to_status": "suspended", "reason": "Test."},
        expect(401, 403, 403, 403, 403, 200),
    ),
    ("get", "/api/v1/trips/", None, EVERYONE),
    ("post", "/api/v1/trips/", trip_body(organization="{org}"), expect(401, 403, 403, 201, 403, 201)),
    ("get", "/api/v1/trips/{trip}/", None, EVERYONE),
    ("put", "/api/v1/trips/{trip}/", trip_body(), MEMBERS),
    ("patch", "/api/v1/trips/{trip}/", {"title": "Renamed"}, MEMBERS),
    ("post", "/api/v1/trips/{trip}/status/", {"status": "closed"}, MEMBERS),
    ("get", "/api/v1/trips/{trip}/suggested-volunteers/", None, expect(401, 404, 404, 200, 404, 200)),
    (
        "post",
        "/api/v1/trips/{past_trip}/report/",
        {
            "patients_seen": 10,
            "follow_ups_handed_to_local_staff": 2,
            "local_staff_trained": 1,
            "what_changed": "Triage.",
        },
        expect(401, 404, 404, 201, 404, 403),
    ),
    ("get", "/api/v1/matches/", None, PHYSICIANS),
    # Every account reads and changes only its own: there is no other account's /me/.
    ("get", "/api/v1/me/", None, SIGNED_IN),
    ("put", "/api/v1/me/", {"language": "es"}, SIGNED_IN),
    ("patch", "/api/v1/me/", {"language": "fr"}, SIGNED_IN),
    ("get", "/api/v1/me/physician/", None, OWN_PROFILE),
    ("put", "/api/v1/me/physician/", PROFILE_EXAMPLE, OWN_PROFILE),
    ("patch", "/api/v1/me/physician/", {"years_in_practice": 13}, OWN_PROFILE),
    ("get", "/api/v1/applications/", None, SIGNED_IN),
    (
        "post",
        "/api/v1/applications/",
        {"trip": "{trip}", "specialty": "family-medicine"},
        expect(401, 201, 201, 403, 403, 403),
    ),
    ("get", "/api/v1/applications/{application}/", None, expect(401, 200, 404, 200, 404, 200)),
    (
        "post",
        "/api/v1/applications/{application}/decide/",
        {"decision": "waitlisted"},
        expect(401, 403, 404, 200, 404, 200),
    ),
    ("post", "/api/v1/applications/{application}/withdraw/", None, expect(401, 200, 404, 403, 404, 403)),
    ("get", "/api/v1/applications/{accepted}/checklist/", None, APPLICANT_ACCEPTED),
    ("patch", "/api/v1/applications/{accepted}/checklist/{item}/", {"done": True}, APPLICANT_ACCEPTED),
    (
        "post",
        "/api/v1/applications/{accepted}/review/",
        {
            "follow_up_happened": True,
            "local_staff_involved": True,
            "preparation_adequate": True,
            "would_return": True,
            "text": "Good.",
        },
        expect(401, 201, 404, 403, 404, 403),
    ),
    ("get", "/api/v1/rounds/", None, SIGNED_IN),
    ("get", "/api/v1/rounds/{round}/", None, SIGNED_IN),
    ("get", "/api/v1/rounds/{round}/preferences/", None, PHYSICIANS),
    ("put", "/api/v1/rounds/{round}/preferences/", {"trip_ids": ["{trip}"]}, PHYSICIANS),
    ("get", "/api/v1/rounds/{round}/results/", None, SIGNED_IN),
    ("get", "/api/v1/saved-searches/", None, SIGNED_IN),
    ("post", "/api/v1/saved-searches/", {"query": "language=es&max_cost=2000"}, expect(401, 201, 201, 201, 201, 201)),
    ("patch", "/api/v1/saved-searches/{saved}/", {"is_active": False}, OWNER_OF_SAVED),
    ("delete", "/api/v1/saved-searches/{saved}/", None, expect(401, 204, 404, 404, 404, 404)),
    ("get", "/api/v1/me/credentials/", None, PHYSICIANS),
    # The matrix posts JSON, which carries no file: a physician's JSON upload is a 400 on `file`
    # (multipart uploads are tested in tests/credentials/test_api.py).
    ("post", "/api/v1/me/credentials/", {"kind": "cv", "issuer": "Me"}, expect(401, 400, 400, 403, 403, 403)),
    ("delete", "/api/v1/me/credentials/{credential}/", None, expect(401, 204, 404, 404, 404, 404)),
    ("get", "/api/v1/applications/{accepted}/clearance/", None, expect(401, 200, 404, 200, 404, 200)),
    ("get", "/api/v1/applications/{application}/messages/", None, expect(401, 200, 404, 200, 404, 200)),
    # Admins read conversations but do not take part in them.
    ("post", "/api/v1/applications/{application}/messages/", {"body": "Hello"}, expect(401, 201, 404, 201, 404, 403)),
]


def fill(value, ids):
    """Put the world's ids into a path or body ("{trip}" becomes the trip's id, as a number)."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


def private_strings(role):
    """What a role must never read: licence numbers (except one's own, on /me/physician/) and
    the other physician's name and email (applicants are visible only to the trip's organization)."""
    alpha, beta = list(ALPHA.values()), list(BETA.values())
    return {
        "anonymous": alpha + beta,
        "physician": beta,
        "other_physician": alpha + [SAVED_SEARCH_NAME],
        "member": [ALPHA["licence"], BETA["licence"], SAVED_SEARCH_NAME],
        "other_member": alpha + beta + [SAVED_SEARCH_NAME],
        "admin": [ALPHA["licence"], BETA["licence"], SAVED_SEARCH_NAME],
    }[role]


@pytest.mark.parametrize(
    ("method", "template", "body", "expected"), MATRIX, ids=[f"{m} {t}" for m, t, _b, _e in MATRIX]
)
def test_permission_matrix(client, world, method, template, body, expected):
    path = fill(template, world["ids"])
    outcomes = {}
    for role in ROLES:
        cache.clear()  # throttles count per test; every role starts afresh
        client.logout()
        if world["users"][role] is not None:
            client.force_login(world["users"][role])
        with transaction.atomic():
            if body is None:
                response = getattr(client, method)(path)
            else:
                response = getattr(client, method)(path, fill(body, world["ids"]), content_type="application/json")
            transaction.set_rollback(True)
        outcomes[role] = response.status_code
        if response.status_code == 401:
            assert response["WWW-Authenticate"] == "Token", (role, method, path)
        text = response.content.decode()
        leaked = [secret for secret in private_strings(role) if secret in text]
        if template == "/api/v1/me/physician/" and method == "get" and role == "physician":
            assert ALPHA["licence"] in text  # the owner does see their own licence
        assert not leaked, (role, method, path, leaked)
    assert outcomes == expected, (method, path)


def test_the_matrix_covers_every_operation_in_the_schema():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = {
        (
            method,
            path.replace("{id}", "{x}").replace("{slug}", "{x}").replace("{trip_pk}", "{x}").replace("{item}", "{x}"),
        )
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    placeholders = (
        "{org}",
        "{trip}",
        "{past_trip}",
        "{application}",
        "{accepted}",
        "{item}",
        "{round}",
        "{saved}",
        "{credential}",
    )

    def normalised(template):
        for placeholder in placeholders:
            template = template.replace(placeholder, "{x}")
        return template

    covered = {(method, normalised(template)) for method, template, _body, _expected in MATRIX}
    assert documented - covered == set(), "endpoints missing from the permission matrix"
    assert covered - documented == set(), "matrix rows for endpoints that no longer exist"


def test_a_physician_never_sees_another_applicant_on_the_same_trip(client, world):
    client.force_login(world["users"]["physician"])
    listed = client.get("/api/v1/applications/").json()
    assert {a["physician"]["display_name"] for a in listed["results"]} == {ALPHA["name"]}
    client.force_login(world["users"]["member"])
    listed = client.get("/api/v1/applications/", {"trip": world["ids"]["trip"]}).json()
    names = {a["physician"]["display_name"] for a in listed["results"]}
    assert names == {ALPHA["name"], BETA["name"]}
    assert "licence" not in str(listed)
