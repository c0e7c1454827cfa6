"""Who may use each organization and applicant page: anonymous visitors are sent to log in,
the wrong role or another organization's member gets 403/404 and none of the data, and
the owner, editor or applicant gets the page (or, for POST-only actions, its redirect)."""

import pytest
from django.urls import reverse

from applications.models import Application, PostTripReport
from applications.services import application_create
from organizations.models import MembershipRole, Organization, OrganizationInvitation, VettingStatus
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory, UserFactory
from trips.models import Trip, TripStatus

pytestmark = pytest.mark.django_db

ROLES = ("physician", "other_member", "applicant", "editor", "owner", "staff")
SECRET_TRIP = "Quiet valley surgical week"
SECRET_REPORTED_TRIP = "Finished eye camp in Ocotal"
SECRET_NOTE = "My private note to the organization"


@pytest.fixture
def world(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    organization = OrganizationFactory(verified=True, name="Casa de Salud Quilalí")
    trip = TripFactory(organization=organization, open=True, title=SECRET_TRIP)
    completed = TripFactory(organization=organization, status=TripStatus.COMPLETED, title=SECRET_REPORTED_TRIP)
    applicant = PhysicianProfileFactory()
    application = application_create(
        physician=applicant, trip=trip, specialty=common_specialty("family-medicine"), note=SECRET_NOTE
    )
    # Then the trip closes and vetting asks for more information: nothing of it is public any more,
    # and the members have something to resubmit.
    Trip.objects.filter(pk=trip.pk).update(status=TripStatus.CLOSED)
    Organization.objects.filter(pk=organization.pk).update(vetting_status=VettingStatus.NEEDS_INFORMATION)
    users = {
        "physician": PhysicianProfileFactory().user,
        "other_member": MembershipFactory(organization=OrganizationFactory(verified=True)).user,
        "applicant": applicant.user,
        "editor": MembershipFactory(organization=organization, role=MembershipRole.EDITOR).user,
        "owner": MembershipFactory(organization=organization, role=MembershipRole.OWNER).user,
        "staff": UserFactory(is_staff=True),
    }
    return {
        "organization": organization,
        "trip": trip,
        "completed": completed,
        "application": application,
        "users": users,
    }


def snapshot(world):
    """Everything a forbidden request must leave untouched."""
    return (
        list(Trip.objects.order_by("pk").values_list("pk", "status", "title")),
        Organization.objects.get(pk=world["organization"].pk).vetting_status,
        list(Application.objects.values_list("pk", "status")),
        OrganizationInvitation.objects.count(),
    )


def _slug_trip(w):
    return [w["organization"].slug, w["trip"].pk]


# name: (method, url, POST data, {role: expected status}); 302 for an allowed POST-only action.
N404 = {"physician": 404, "other_member": 404, "applicant": 404}
PAGES = {
    "trip-edit": (
        "get",
        lambda w: reverse("manage:trip-edit", args=_slug_trip(w)),
        None,
        {**N404, "editor": 200, "owner": 200, "staff": 200},
    ),
    "trip-status": (
        "post",
        lambda w: reverse("manage:trip-status", args=_slug_trip(w)),
        {"status": "cancelled"},
        {**N404, "editor": 302, "owner": 302, "staff": 302},
    ),
    "trip-duplicate": (
        "post",
        lambda w: reverse("manage:trip-duplicate", args=_slug_trip(w)),
        {},
        {**N404, "editor": 302, "owner": 302, "staff": 302},
    ),
    "members": (
        "get",
        lambda w: reverse("manage:members", args=[w["organization"].slug]),
        None,
        {**N404, "editor": 200, "owner": 200, "staff": 200},
    ),
    "members-invite": (
        "post",
        lambda w: reverse("manage:members", args=[w["organization"].slug]),
        {"email": "new.editor@example.org", "role": "editor"},
        {**N404, "editor": 403, "owner": 302, "staff": 403},
    ),
    "resubmit": (
        "post",
        lambda w: reverse("manage:resubmit", args=[w["organization"].slug]),
        {},
        {**N404, "editor": 302, "owner": 302, "staff": 302},
    ),
    "inbox": (
        "get",
        lambda w: reverse("applications:inbox", args=[w["trip"].pk]),
        None,
        {**N404, "editor": 200, "owner": 200, "staff": 200},
    ),
    "withdraw": (
        "post",
        lambda w: reverse("applications:withdraw", args=[w["application"].pk]),
        {},
        {"physician": 404, "other_member": 404, "applicant": 302, "editor": 404, "owner": 404, "staff": 404},
    ),
    "review": (
        "get",
        lambda w: reverse("applications:review", args=[w["application"].pk]),
        None,
        {"physician": 404, "other_member": 404, "applicant": 200, "editor": 404, "owner": 404, "staff": 404},
    ),
    # Administrators read everything, but do not file an organization's report for it.
    "report": (
        "get",
        lambda w: reverse("applications:report", args=[w["completed"].pk]),
        None,
        {**N404, "editor": 200, "owner": 200, "staff": 403},
    ),
}
CASES = [(page, role) for page in PAGES for role in ("anonymous",) + ROLES]


@pytest.mark.parametrize(("page", "role"), CASES)
def test_page_permissions(client, world, page, role):
    method, url_for, data, expected = PAGES[page]
    url = url_for(world)
    if role != "anonymous":
        client.force_login(world["users"][role])
    before = snapshot(world)
    response = getattr(client, method)(url, data or {})
    body = response.content.decode()

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
        assert snapshot(world) == before
        return
    assert response.status_code == expected[role], (page, role, response.status_code)
    if expected[role] in (403, 404):
        assert snapshot(world) == before
        for secret in (SECRET_TRIP, SECRET_REPORTED_TRIP, SECRET_NOTE, world["organization"].name):
            assert secret not in body
    elif method == "post":
        assert snapshot(world) != before, "an allowed action changed nothing"
    else:
        assert SECRET_TRIP in body or SECRET_REPORTED_TRIP in body or world["organization"].name in body


def test_a_staff_member_cannot_file_a_report_through_the_page(client, world):
    client.force_login(world["users"]["staff"])
    figures = {
        "patients_seen": 10,
        "follow_ups_handed_to_local_staff": 2,
        "local_staff_trained": 3,
        "what_changed": "x",
    }
    response = client.post(reverse("applications:report", args=[world["completed"].pk]), figures)
    assert response.status_code == 403
    assert not PostTripReport.objects.exists()
    client.force_login(world["users"]["editor"])
    response = client.post(reverse("applications:report", args=[world["completed"].pk]), figures)
    assert response.status_code == 302
    assert PostTripReport.objects.get().submitted_by == world["users"]["editor"]
