"""An application's conversation: who reads and writes, plain text with safe links, the
5,000-character limit, unread counts in the navigation, batched emails, read-only after 30 days."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import ApplicationDecision, ApplicationStatus
from applications.services import application_create, application_withdraw
from conversations.models import Message
from conversations.selectors import unread_message_count
from conversations.services import conversation_emails_send, message_post
from notifications.models import OutboundEmail
from physicians.specialties import common_specialty
from tests.factories import MembershipFactory, OrganizationFactory, PhysicianProfileFactory, TripFactory, UserFactory

pytestmark = pytest.mark.django_db
IDENTITIES = ["owner", "other_physician", "member", "other_member", "admin", "anonymous"]


@pytest.fixture
def world(db):
    organization = OrganizationFactory(verified=True, strong_evidence=True)
    trip = TripFactory(open=True, organization=organization)
    physician = PhysicianProfileFactory()
    application = application_create(physician=physician, trip=trip, specialty=common_specialty("family-medicine"))
    users = {
        "owner": physician.user,
        "other_physician": PhysicianProfileFactory().user,
        "member": MembershipFactory(organization=organization).user,
        "other_member": MembershipFactory(organization=OrganizationFactory(verified=True)).user,
        "admin": UserFactory(is_staff=True, is_superuser=True),
        "anonymous": None,
    }
    return {"application": application, "users": users, "trip": trip}


def login(client, world, identity):
    client.logout()
    if world["users"][identity] is not None:
        client.force_login(world["users"][identity])


def page_url(world):
    return reverse("conversations:application", args=[world["application"].pk])


def api_url(world):
    return f"/api/v1/applications/{world['application'].pk}/messages/"


READ = {"owner": 200, "other_physician": 404, "member": 200, "other_member": 404, "admin": 200, "anonymous": 302}
POST = {"owner": 302, "other_physician": 404, "member": 302, "other_member": 404, "admin": 403, "anonymous": 302}
API_READ = {**READ, "anonymous": 401}
API_POST = {"owner": 201, "other_physician": 404, "member": 201, "other_member": 404, "admin": 403, "anonymous": 401}


@pytest.mark.parametrize("identity", IDENTITIES)
def test_who_reads_and_writes_on_the_page(client, world, identity):
    message_post(application=world["application"], author=world["users"]["member"], body="Welcome aboard.")
    login(client, world, identity)
    response = client.get(page_url(world))
    assert response.status_code == READ[identity]
    if response.status_code == 200:
        assert "Welcome aboard." in response.content.decode()
    before = Message.objects.count()
    response = client.post(page_url(world), {"body": f"Hello from {identity}"})
    assert response.status_code == POST[identity]
    assert Message.objects.count() == before + (POST[identity] == 302 and identity != "anonymous")


@pytest.mark.parametrize("identity", IDENTITIES)
def test_who_reads_and_writes_through_the_api(client, world, identity):
    message_post(application=world["application"], author=world["users"]["owner"], body="Do I need a visa?")
    login(client, world, identity)
    response = client.get(api_url(world))
    assert response.status_code == API_READ[identity]
    if response.status_code == 200:
        [message] = response.json()["results"]
        assert message["body"] == "Do I need a visa?" and message["from_applicant"] is True
    response = client.post(api_url(world), {"body": "Yes."}, content_type="application/json")
    assert response.status_code == API_POST[identity]


def test_an_unknown_application_is_404(client, world):
    login(client, world, "owner")
    assert client.get("/api/v1/applications/999999/messages/").status_code == 404
    assert client.get(reverse("conversations:application", args=[999999])).status_code == 404


def test_html_is_shown_as_text_and_links_are_clickable_safely(client, world):
    body = '<script>alert("x")</script> see https://example.org/guide and <a href="javascript:alert(1)">me</a>'
    message_post(application=world["application"], author=world["users"]["member"], body=body)
    login(client, world, "owner")
    text = client.get(page_url(world)).content.decode()
    assert "<script>alert" not in text
    assert "&lt;script&gt;" in text
    assert '<a href="https://example.org/guide" rel="nofollow">https://example.org/guide</a>' in text
    assert 'href="javascript:' not in text


def test_a_message_has_at_most_5000_characters(client, world):
    login(client, world, "owner")
    too_long = client.post(api_url(world), {"body": "x" * 5001}, content_type="application/json")
    assert too_long.status_code == 400 and "body" in too_long.json()
    assert client.post(api_url(world), {"body": "x" * 5000}, content_type="application/json").status_code == 201
    page = client.post(page_url(world), {"body": "y" * 5001})
    assert page.status_code == 200 and "body" in page.context["form"].errors
    blank = client.post(api_url(world), {"body": "   "}, content_type="application/json")
    assert blank.status_code == 400


def test_unread_counts_in_the_navigation(client, world, django_assert_num_queries):
    message_post(application=world["application"], author=world["users"]["member"], body="One")
    message_post(application=world["application"], author=world["users"]["member"], body="Two")
    owner = world["users"]["owner"]
    assert unread_message_count(user=owner) == 2
    assert unread_message_count(user=world["users"]["member"]) == 0
    assert unread_message_count(user=world["users"]["other_physician"]) == 0
    login(client, world, "owner")
    home = client.get(reverse("home"))
    assert '<span class="badge" aria-label="unread">2</span>' in home.content.decode()
    client.get(page_url(world))  # reading the conversation marks it read
    assert unread_message_count(user=owner) == 0
    with django_assert_num_queries(1):
        assert unread_message_count(user=owner) == 0
    listed = client.get(reverse("conversations:mine"))
    assert listed.status_code == 200 and world["trip"].title in listed.content.decode()


def test_the_navigation_count_adds_no_query_to_a_page(client, world, settings):
    login(client, world, "owner")
    client.get(reverse("home"))  # warm the session
    with CaptureQueriesContext(connection) as with_count:
        client.get(reverse("home"))
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [
                    p
                    for p in settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
                    if p != "conversations.context_processors.unread_messages"
                ],
            },
        }
    ]
    with CaptureQueriesContext(connection) as without_count:
        client.get(reverse("home"))
    assert len(with_count) == len(without_count)


def test_the_kept_count_follows_posts_and_reads(client, world):
    owner, member = world["users"]["owner"], world["users"]["member"]
    message_post(application=world["application"], author=member, body="One")
    message_post(application=world["application"], author=member, body="Two")
    owner.refresh_from_db()
    member.refresh_from_db()
    assert (owner.unread_messages, member.unread_messages) == (2, 0)
    message_post(application=world["application"], author=owner, body="Thanks")
    owner.refresh_from_db()
    member.refresh_from_db()
    assert (owner.unread_messages, member.unread_messages) == (0, 1)  # writing means having read


def test_emails_are_batched_at_most_once_per_conversation_per_15_minutes(world):
    application, member, owner = world["application"], world["users"]["member"], world["users"]["owner"]

    def emails_to(user):
        return OutboundEmail.objects.filter(to=user.email, subject__startswith="New message").count()

    with time_machine.travel("2027-01-10 09:00Z", tick=False):
        message_post(application=application, author=member, body="First")
        assert emails_to(owner) == 1  # the first message goes out at once
    with time_machine.travel("2027-01-10 09:05Z", tick=False):
        message_post(application=application, author=member, body="Second")
        message_post(application=application, author=member, body="Third")
        assert conversation_emails_send() == 0
        assert emails_to(owner) == 1
    with time_machine.travel("2027-01-10 09:15Z", tick=False):
        assert conversation_emails_send() == 1
        assert emails_to(owner) == 2
        last = OutboundEmail.objects.filter(to=owner.email).order_by("id").last()
        assert "2 new messages" in last.body and page_url(world) in last.body
        assert "Second" not in last.body  # the message itself stays on the site
        assert conversation_emails_send() == 0
    assert emails_to(member) == 0  # nobody is told of their own messages


def test_a_withdrawn_applications_conversation_is_read_only_after_30_days(client, world):
    application, owner = world["application"], world["users"]["owner"]
    message_post(application=application, author=owner, body="Before")
    application_withdraw(application=application, by_user=owner)
    message_post(application=application, author=world["users"]["member"], body="Sorry to see you go")
    ApplicationDecision.objects.filter(application=application, to_status=ApplicationStatus.WITHDRAWN).update(
        decided_at=timezone.now() - timedelta(days=31)
    )
    login(client, world, "member")
    page = client.get(page_url(world))
    assert page.status_code == 200 and "read-only" in page.content.decode()
    assert "Sorry to see you go" in page.content.decode()
    assert client.post(page_url(world), {"body": "More"}).status_code == 302
    response = client.post(api_url(world), {"body": "More"}, content_type="application/json")
    assert response.status_code == 400 and "read-only" in str(response.json())
    assert not Message.objects.filter(body="More").exists()
    login(client, world, "owner")
    assert client.get(api_url(world)).status_code == 200
