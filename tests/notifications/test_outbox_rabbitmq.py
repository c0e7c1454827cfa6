"""The same delivery through RabbitMQ instead of Redis: only the broker URL changes."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from kombu import Connection

from notifications.models import OutboundEmail
from notifications.services import email_enqueue_rendered
from portal.celery import app
from tests.conftest import point_celery_at, wait_for

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rabbitmq_broker(settings):
    url = os.environ.get("CELERY_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
    try:
        with Connection(url, connect_timeout=2) as connection:
            connection.ensure_connection(max_retries=1)
    except Exception as error:  # kombu's errors differ by transport
        pytest.skip(f"RabbitMQ not reachable at {url}: {error}")
    before = {name: app.conf[name] for name in ("broker_url", "task_always_eager")}
    point_celery_at(broker_url=url, task_always_eager=False)
    settings.CELERY_BROKER_URL = url
    # This is the only RabbitMQ test, so the default queue is its own: emptied before and after.
    app.control.purge()
    yield url
    app.control.purge()
    point_celery_at(**before)


def test_a_worker_on_rabbitmq_delivers_an_email(rabbitmq_broker, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    app.loader.import_default_modules()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        email = email_enqueue_rendered(to="ana@example.org", subject="Hello", body="Hello Ana")
        wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).sent_at is not None)
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
