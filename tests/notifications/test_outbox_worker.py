"""Emails delivered by a real Celery worker on the Redis broker: requests never wait for
SMTP, even a server that accepts connections and never answers."""

import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboundEmail
from notifications.services import email_sweep
from tests.conftest import point_celery_at, wait_for
from tests.factories import UserFactory
from tests.smtp_server import LoopbackSMTPServer

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp(settings):
    with LoopbackSMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 1
        yield server


def test_a_password_reset_answers_at_once_with_a_hung_server_and_is_delivered_when_it_recovers(
    client, smtp, celery_worker_thread
):
    UserFactory(email="ana@example.org")
    smtp.set_mode("hang")
    started = time.monotonic()
    response = client.post(reverse("account_reset_password"), {"email": "ana@example.org"})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 0.9, f"the request took {elapsed:.2f} s: it must not wait for SMTP (timeout 1 s)"
    wait_for(lambda: OutboundEmail.objects.get().attempts == 1)  # the worker tried, and timed out
    email = OutboundEmail.objects.get()
    assert email.sent_at is None and email.body_is_secret and email.next_attempt_at > timezone.now()

    smtp.set_mode("accept")
    assert email_sweep(now=email.next_attempt_at + timedelta(seconds=1)) == 1  # beat's sweep, when due
    wait_for(lambda: OutboundEmail.objects.get().sent_at is not None)
    assert [m["To"] for m in smtp.messages] == ["ana@example.org"]
    assert "password" in smtp.messages[0].get_payload(decode=False).lower()


def test_the_health_page_asks_the_broker(client, redis_broker, settings):
    response = client.get(reverse("health"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and "Broker" in response.content.decode()
    point_celery_at(broker_url="redis://127.0.0.1:1/0")  # nothing listens there
    response = client.get(reverse("health"), HTTP_ACCEPT="application/json")
    assert response.status_code == 500 and "Broker unreachable" in response.content.decode()
