"""Every endpoint × method × role: the expected status, and no private field leaking."""

import pytest

from applications.services import application_create
from matching.models import MatchRound
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "physician", "other_physician", "member", "other_member", "admin"]
DENIED = {401, 403, 404}


@pytest.fixture
def world(db):
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    trip = TripFactory(open=True, organization=organization, needs={"family-medicine": 2})
    physician = PhysicianProfileFactory(licence_number="SECRET-LICENCE-1")
    other_physician = PhysicianProfileFactory(licence_number="SECRET-LICENCE-2")
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    users = {
        "anonymous": None,
        "physician": physician.user,
        "other_physician": other_physician.user,
        "member": MembershipFactory(organization=organization).user,
        "other_member": MembershipFactory(organization=OrganizationFactory(verified=True)).user,
        "admin": UserFactory(is_staff=True, is_superuser=True),
    }
    return {"organization": organization, "trip": trip, "application": application, "users": users,
            "round": MatchRound.objects.create(name="R")}


# (method, path template, {role: allowed?}) — allowed means a 2xx; denied means 401/403/404.
MATRIX = [
    ("get", "/api/v1/organizations/", dict.fromkeys(ROLES, True)),
    ("get", "/api/v1/organizations/{org}/", dict.fromkeys(ROLES, True)),
    ("patch", "/api/v1/organizations/{org}/", {"anonymous": False, "physician": False, "other_physician": False, "member": True, "other_member": False, "admin": True}),
    ("post", "/api/v1/organizations/{org}/vetting/", {"anonymous": False, "physician": False, "other_physician": False, "member": False, "other_member": False, "admin": True}),
    ("get", "/api/v1/trips/", dict.fromkeys(ROLES, True)),
    ("get", "/api/v1/trips/{trip}/", dict.fromkeys(ROLES, True)),
    ("post", "/api/v1/trips/{trip}/status/", {"anonymous": False, "physician": False, "other_physician": False, "member": True, "other_member": False, "admin": True}),
    ("get", "/api/v1/trips/{trip}/suggested-volunteers/", {"anonymous": False, "physician": False, "other_physician": False, "member": True, "other_member": False, "admin": True}),
    ("get", "/api/v1/matches/", {"anonymous": False, "physician": True, "other_physician": True, "member": False, "other_member": False, "admin": False}),
    ("get", "/api/v1/me/physician/", {"anonymous": False, "physician": True, "other_physician": True, "member": False, "other_member": False, "admin": False}),
    ("get", "/api/v1/applications/{application}/", {"anonymous": False, "physician": True, "other_physician": False, "member": True, "other_member": False, "admin": True}),
    ("post", "/api/v1/applications/{application}/decide/", {"anonymous": False, "physician": False, "other_physician": False, "member": True, "other_member": False, "admin": True}),
    ("post", "/api/v1/applications/{application}/withdraw/", {"anonymous": False, "physician": True, "other_physician": False, "member": False, "other_member": False, "admin": False}),
    ("get", "/api/v1/rounds/{round}/results/", {"anonymous": False, "physician": True, "other_physician": True, "member": True, "other_member": True, "admin": True}),
]
BODIES = {
    "/api/v1/organizations/{org}/": {"local_staff_employed": 30},
    "/api/v1/organizations/{org}/vetting/": {"to_status": "suspended", "reason": "Test."},
    "/api/v1/trips/{trip}/status/": {"status": "closed"},
    "/api/v1/applications/{application}/decide/": {"decision": "waitlisted"},
}


@pytest.mark.parametrize(("method", "template", "expected"), MATRIX, ids=[f"{m} {t}" for m, t, _e in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, method, template, expected, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    path = template.format(
        org=world["organization"].slug, trip=world["trip"].pk, application=world["application"].pk, round=world["round"].pk
    )
    response = getattr(client, method)(path, BODIES.get(template, {}), content_type="application/json")
    if expected[role]:
        assert 200 <= response.status_code < 300, (role, path, response.status_code, response.content[:300])
    else:
        assert response.status_code in DENIED, (role, path, response.status_code)
    body = response.content.decode()
    # A licence number is only ever shown to its owner (on /me/physician/).
    if not (template == "/api/v1/me/physician/" and role == "physician"):
        assert "SECRET-LICENCE-1" not in body
    assert "SECRET-LICENCE-2" not in body or (template == "/api/v1/me/physician/" and role == "other_physician")
