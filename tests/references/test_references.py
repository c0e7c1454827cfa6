"""References: two referees, hashed single-use expiring links, answers for the organization
and admins only, the physician sees only whether each answered."""

import hashlib
import re

import pytest
import time_machine
from django.urls import reverse

from applications.services import application_create
from notifications.models import OutboundEmail
from physicians.specialties import common_specialty
from references.models import ReferenceRequest
from references.services import referees_set, reference_requests_send
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory, UserFactory

pytestmark = pytest.mark.django_db
SECRET_ANSWER = "Calm under pressure; trained our residents."


@pytest.fixture
def world(db):
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    trip = TripFactory(open=True, organization=organization)
    physician = PhysicianProfileFactory()
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    referees_set(
        physician=physician,
        referees=[
            {"name": "Dr. Head", "email": "head@example.org", "relationship": "head of department"},
            {"name": "Dr. Peer", "email": "peer@example.org", "relationship": "colleague"},
        ],
    )
    users = {
        "owner": physician.user,
        "other_physician": PhysicianProfileFactory().user,
        "member": MembershipFactory(organization=organization).user,
        "other_member": MembershipFactory(organization=OrganizationFactory(verified=True)).user,
        "admin": UserFactory(is_staff=True, is_superuser=True),
    }
    return {"application": application, "users": users, "physician": physician}


def link_from_email(address):
    body = OutboundEmail.objects.filter(to=address).order_by("-id").first().body
    return re.search(r"(/references/answer/[^/\s]+/)", body).group(1)


ANSWER = {
    "known_for_years": "6",
    "recommendation": "strongly",
    "clinical_competence": SECRET_ANSWER,
    "teamwork_and_conduct": "Kind to patients and staff.",
}


def test_requests_go_to_each_referee_with_the_token_stored_hashed(world):
    requests = reference_requests_send(application=world["application"], by_user=world["users"]["member"])
    assert len(requests) == 2
    link = link_from_email("head@example.org")
    token = link.split("/")[-2]
    stored = ReferenceRequest.objects.get(referee__email="head@example.org")
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash
    # Asking again does not send a second link to the same referee.
    assert reference_requests_send(application=world["application"], by_user=world["users"]["member"]) == []


def test_a_link_works_once(client, world):
    reference_requests_send(application=world["application"], by_user=world["users"]["member"])
    link = link_from_email("head@example.org")
    assert client.get(link).status_code == 200
    assert client.post(link, {**ANSWER, "known_for_years": "x"}).status_code == 200  # form error, still open
    assert client.post(link, ANSWER).status_code == 200
    assert ReferenceRequest.objects.get(referee__email="head@example.org").answered
    assert client.get(link).status_code == 410
    assert client.post(link, {**ANSWER, "clinical_competence": "overwritten"}).status_code == 410
    assert ReferenceRequest.objects.get(referee__email="head@example.org").clinical_competence == SECRET_ANSWER


def test_a_link_expires(client, world):
    with time_machine.travel("2027-01-01 09:00Z", tick=False):
        reference_requests_send(application=world["application"], by_user=world["users"]["member"])
    link = link_from_email("peer@example.org")
    with time_machine.travel("2027-01-14 09:00Z", tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel("2027-01-15 09:01Z", tick=False):
        assert client.get(link).status_code == 410
        assert client.post(link, ANSWER).status_code == 410
    assert client.get("/references/answer/not-a-token/").status_code == 410


@pytest.mark.parametrize(
    ("identity", "status", "sees_answer"),
    [
        ("owner", 200, False),
        ("other_physician", 404, False),
        ("member", 200, True),
        ("other_member", 404, False),
        ("admin", 200, True),
        ("anonymous", 302, False),
    ],
)
def test_answers_are_for_the_organization_and_admins_only(client, world, identity, status, sees_answer):
    reference_requests_send(application=world["application"], by_user=world["users"]["member"])
    client.post(link_from_email("head@example.org"), ANSWER)
    if identity != "anonymous":
        client.force_login(world["users"][identity])
    url = reverse("references:application", args=[world["application"].pk])
    response = client.get(url)
    assert response.status_code == status
    text = response.content.decode()
    assert (SECRET_ANSWER in text) == sees_answer
    if identity == "owner":
        assert "Answered" in text
        mine = client.get(reverse("references:mine")).content.decode()
        assert "answered" in mine and SECRET_ANSWER not in mine


@pytest.mark.parametrize("identity", ["owner", "other_physician", "other_member", "admin"])
def test_only_the_organization_asks(client, world, identity):
    client.force_login(world["users"][identity])
    response = client.post(reverse("references:application", args=[world["application"].pk]))
    assert response.status_code in (403, 404)
    assert not ReferenceRequest.objects.exists()


def test_the_physician_names_at_most_two_referees(client, world):
    client.force_login(world["users"]["owner"])
    response = client.post(
        reverse("references:mine"),
        {"name_1": "A", "email_1": "a@example.org", "relationship_1": "chief", "name_2": "B"},
    )
    assert response.status_code == 200 and "name_2" in response.context["form"].errors
    response = client.post(
        reverse("references:mine"), {"name_1": "A", "email_1": "a@example.org", "relationship_1": "chief"}
    )
    assert response.status_code == 302
    assert [r.name for r in world["physician"].referees.all()] == ["A"]
