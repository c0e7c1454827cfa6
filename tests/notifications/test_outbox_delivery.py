"""The claimed outbox: one delivery per claim, backoff over a day and more, dead rows that
admins see and re-queue, the outbox health check, and a request that survives a broker
outage at commit."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.mail.backends import locmem
from django.db import connection
from django.db import connection as own
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboundEmail
from notifications.services import email_deliver, email_enqueue_rendered, email_sweep
from tests.conftest import point_celery_at
from tests.factories import UserFactory
from tests.smtp_server import LoopbackSMTPServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with LoopbackSMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 2
        yield server


def queued(to="ana@example.org", **fields):
    return OutboundEmail.objects.create(**{"to": to, "subject": "Hello", "body": "Hello Ana", **fields})


def test_a_second_claim_while_the_first_is_sending_sends_nothing(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    email = queued()
    outcomes = []
    real_send = locmem.EmailBackend.send_messages

    def send_while_another_worker_tries(backend, messages):
        outcomes.append(email_deliver(email_id=email.pk))  # a second worker, mid-send
        return real_send(backend, messages)

    locmem.EmailBackend.send_messages = send_while_another_worker_tries
    try:
        assert email_deliver(email_id=email.pk) == "sent"
    finally:
        locmem.EmailBackend.send_messages = real_send
    assert outcomes == ["skipped"]
    assert len(mail.outbox) == 1
    assert email_deliver(email_id=email.pk) == "skipped"  # sent already
    assert len(mail.outbox) == 1


def test_a_crashed_workers_claim_expires_and_the_email_goes_out(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    live = queued(claimed_until=timezone.now() + timedelta(minutes=1), claim_token="another-worker")
    expired = queued(to="ben@example.org", claimed_until=timezone.now() - timedelta(seconds=1), claim_token="dead")
    assert email_deliver(email_id=live.pk) == "skipped"
    assert email_deliver(email_id=expired.pk) == "sent"
    assert [m.to for m in mail.outbox] == [["ben@example.org"]]


def test_a_failing_server_means_retries_with_backoff_over_a_day_then_a_dead_row(smtp, client, admin_user):
    delays = django_settings.OUTBOX_RETRY_DELAYS
    assert sum(delays) >= 24 * 60 * 60
    smtp.set_mode("tempfail")
    email = queued()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert email_deliver(email_id=email.pk) == "retry"
        for attempt, delay in enumerate(delays, start=1):
            email.refresh_from_db()
            assert email.attempts == attempt and email.dead_at is None
            assert email.next_attempt_at == timezone.now() + timedelta(seconds=delay)
            assert "451" in email.last_error
            assert email_sweep() == 0  # not due yet
            clock.move_to(email.next_attempt_at)
            assert email_sweep() == 1  # eager here: the sweep's task delivers at once
        email.refresh_from_db()
        assert email.dead_at is not None and email.sent_at is None
        assert email.attempts == len(delays) + 1
        assert timezone.now() - start >= timedelta(hours=24)
        client.force_login(admin_user)
        response = client.get(reverse("health-outbox"), HTTP_ACCEPT="application/json")
        assert response.status_code == 500 and "1 dead email" in response.content.decode()
    # /health/ (load balancers) is not taken down by one dead email.
    assert client.get(reverse("health"), HTTP_ACCEPT="application/json").status_code == 200


def test_a_permanent_refusal_is_dead_at_once_and_an_admin_requeues_it(
    smtp, admin_client, django_capture_on_commit_callbacks
):
    smtp.set_mode("reject")
    email = queued()
    assert email_deliver(email_id=email.pk) == "dead"
    email.refresh_from_db()
    assert email.attempts == 1 and email.dead_at is not None and "550" in email.last_error
    changelist = reverse("admin:notifications_outboundemail_changelist")
    page = admin_client.get(changelist, {"delivery": "dead"}).content.decode()
    assert "ana@example.org" in page
    assert (
        "550" in admin_client.get(reverse("admin:notifications_outboundemail_change", args=[email.pk])).content.decode()
    )

    smtp.set_mode("accept")  # the address was fixed at the other end
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(changelist, {"action": "requeue", "_selected_action": [email.pk]}, follow=True)
    assert "1 dead email re-queued" in response.content.decode()
    email.refresh_from_db()
    assert email.sent_at is not None and email.dead_at is None
    assert [m["To"] for m in smtp.messages] == ["ana@example.org"]
    assert admin_client.get(reverse("health-outbox"), HTTP_ACCEPT="application/json").status_code == 200


def test_only_staff_with_the_right_permission_requeue(client, django_capture_on_commit_callbacks):
    email = queued(dead_at=timezone.now(), attempts=11)
    changelist = reverse("admin:notifications_outboundemail_changelist")
    action = {"action": "requeue", "_selected_action": [email.pk]}
    assert client.post(changelist, action).status_code == 302  # to the log-in page
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_outboundemail"))
    client.force_login(viewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, action)
    email.refresh_from_db()
    assert email.dead_at is not None and email.attempts == 11
    client.force_login(UserFactory())
    assert client.get(changelist).status_code == 302


def test_a_recovered_server_delivers_everything(smtp):
    smtp.set_mode("tempfail")
    emails = [queued(to=f"p{i}@example.org") for i in range(5)]
    for email in emails:
        assert email_deliver(email_id=email.pk) == "retry"
    smtp.set_mode("accept")
    with time_machine.travel(timezone.now() + timedelta(minutes=2), tick=False):
        assert email_sweep() == 5
    assert OutboundEmail.objects.undelivered().count() == 0
    assert sorted(m["To"] for m in smtp.messages) == [f"p{i}@example.org" for i in range(5)]


def test_outbox_health_fails_when_the_oldest_email_waits_too_long(client, settings):
    settings.OUTBOX_HEALTH_MAX_AGE_SECONDS = 600
    url = reverse("health-outbox")
    assert client.get(url, HTTP_ACCEPT="application/json").status_code == 200
    queued()
    assert client.get(url, HTTP_ACCEPT="application/json").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 500 and "waited 11 minutes" in response.content.decode()


def test_the_admin_never_shows_the_body_of_a_sign_in_link(admin_client):
    secret = queued(body="Reset here: https://x/reset/abc-123/", body_is_secret=True)
    plain = queued(body="Your application was accepted.")
    secret_page = admin_client.get(reverse("admin:notifications_outboundemail_change", args=[secret.pk]))
    assert "abc-123" not in secret_page.content.decode() and "Hidden" in secret_page.content.decode()
    plain_page = admin_client.get(reverse("admin:notifications_outboundemail_change", args=[plain.pk]))
    assert "Your application was accepted." in plain_page.content.decode()


def test_a_broker_outage_at_commit_keeps_the_request_and_the_sweep_delivers(
    client, broker_down, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    UserFactory(email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "ana@example.org"})
    assert response.status_code == 302
    email = OutboundEmail.objects.get()
    assert email.sent_at is None and email.body_is_secret and mail.outbox == []
    point_celery_at(task_always_eager=True)  # the broker is back (eager stands in for it here)
    assert email_sweep() == 1
    email.refresh_from_db()
    assert email.sent_at is not None and len(mail.outbox) == 1 and "password" in mail.outbox[0].body.lower()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_the_same_backlog_send_each_email_once(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent claims on real row locks")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ids = [email_enqueue_rendered(to=f"p{i}@example.org", subject="Hello", body="Hi").pk for i in range(60)]
    mail.outbox = []  # enqueueing outside a transaction delivered them: start the backlog again
    OutboundEmail.objects.update(sent_at=None, attempts=0)
    start = threading.Barrier(2)
    outcomes = []

    def worker():
        start.wait()
        try:
            outcomes.extend(email_deliver(email_id=pk) for pk in ids)
        finally:
            own.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("sent") == 60 and outcomes.count("skipped") == 60
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"p{i}@example.org" for i in range(60))
    assert OutboundEmail.objects.undelivered().count() == 0
