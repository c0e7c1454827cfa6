"""How tasks, logs, health checks and error reporting are set up: eager mode only when
asked for, the schedule's tasks, request and task ids in JSON logs, Sentry only with a DSN."""

import json
import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pythonjsonlogger.json import JsonFormatter

from notifications.models import OutboundEmail
from portal.celery import app
from portal.logs import ContextFilter
from portal.middleware import RequestIdMiddleware
from portal.queue import enqueue

ROOT = Path(__file__).resolve().parents[2]


def start_django(**env):
    """Load the settings and apps in a fresh process with `env` (nothing inherited about Celery or DEBUG)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CELERY", "DEBUG", "SENTRY"))}
    code = (
        "import django, sentry_sdk; django.setup(); from portal.celery import app; "
        "c = sentry_sdk.get_client(); "
        "print(app.conf.task_always_eager, c.is_active(), c.options.get('send_default_pii'), sorted(c.integrations))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "portal.settings", "SECRET_KEY": "x" * 50, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_a_broker_production_refuses_to_start_and_says_why():
    refused = start_django(DEBUG="0")
    assert refused.returncode != 0
    assert "CELERY_BROKER_URL is not set" in refused.stderr
    assert start_django(DEBUG="1").stdout.startswith("True False")  # eager on a developer's machine
    assert start_django(DEBUG="0", CELERY_EAGER="1").stdout.startswith("True")  # asked for (tests)
    with_broker = start_django(DEBUG="0", CELERY_BROKER_URL="redis://127.0.0.1:6379/2")
    assert with_broker.returncode == 0 and with_broker.stdout.startswith("False False")


def test_sentry_reports_only_with_a_dsn_and_without_personal_data():
    started = start_django(DEBUG="1", SENTRY_DSN="http://public@127.0.0.1:9/1")
    assert started.returncode == 0, started.stderr
    eager, active, pii, integrations = started.stdout.split(" ", 3)
    assert active == "True" and pii == "False"
    assert {"django", "celery", "logging"} <= set(json.loads(integrations.strip().replace("'", '"')))


def test_every_scheduled_job_is_a_registered_task():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks)
    assert {
        "notifications.sweep_outbox",
        "matching.sweep_round_jobs",
        "notifications.send_saved_search_alerts",
        "applications.expire_unanswered",
        "notifications.send_deadline_reminders",
        "applications.send_trip_reminders",
        "organizations.send_host_feedback_requests",
        "accounts.clear_expired_sessions",
        "credentials.send_expiry_reminders",
        "clearance.send_reminders",
        "conversations.send_message_emails",
        "waitlist.lapse_offers",
        "trips.refresh_spread",
        "cover.refresh_gaps",
    } == scheduled


@pytest.mark.django_db
def test_the_session_clean_up_job_drops_expired_sessions_only():
    for expiry in (timezone.now() - timedelta(minutes=1), timezone.now() + timedelta(days=1)):
        store = SessionStore()
        store.create()
        Session.objects.filter(session_key=store.session_key).update(expire_date=expiry)
    enqueue("accounts.clear_expired_sessions")
    assert Session.objects.count() == 1 and Session.objects.get().expire_date > timezone.now()


def json_lines(handler_records):
    formatter = JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
    )
    return [json.loads(formatter.format(record)) for record in handler_records]


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []
        self.addFilter(ContextFilter())

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def collected():
    handler = Collect()
    logging.getLogger().addHandler(handler)
    yield handler.records
    logging.getLogger().removeHandler(handler)


def test_a_log_line_in_a_request_carries_its_request_id(collected):
    def view(request):
        logging.getLogger("missionmatch.test").warning("inside the request")

        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="proxy-id-1234"))
    assert response["X-Request-ID"] == "proxy-id-1234"
    line = next(line for line in json_lines(collected) if line["message"] == "inside the request")
    assert line["request_id"] == "proxy-id-1234" and line["level"] == "WARNING" and line["task_id"] == ""
    # An implausible id from outside (spaces, too short) is replaced by our own.
    response = RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="x y"))
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_a_log_line_in_a_task_carries_the_task_id(collected, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # refused
    email = OutboundEmail.objects.create(to="a@example.org", subject="Hi", body="Hi")
    task_id = enqueue("notifications.deliver_email", email_id=email.pk)
    line = next(line for line in json_lines(collected) if "not sent" in line["message"])
    assert task_id and line["task_id"] == task_id


@pytest.mark.django_db
def test_health_pages_answer_over_plain_http_and_live_asks_nothing(client, settings, django_assert_num_queries):
    settings.SECURE_SSL_REDIRECT = True
    with django_assert_num_queries(0):
        response = client.get(reverse("health-live"))
    assert response.status_code == 200 and response.content == b"ok\n"
    response = client.get(reverse("health"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert set(json.loads(response.content)) == {"Database(alias='default')", "Cache()"}
    assert client.get("/organizations/").status_code == 301  # the rest still redirects to HTTPS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("task", "nothing_to_do"),
    [
        ("credentials.send_expiry_reminders", 0),
        ("clearance.send_reminders", {"reminders": 0, "flags": 0}),
        ("conversations.send_message_emails", 0),
        ("waitlist.lapse_offers", 0),
    ],
)
def test_the_trust_layers_scheduled_tasks_run_their_services(task, nothing_to_do):
    app.loader.import_default_modules()
    assert app.tasks[task].apply().get() == nothing_to_do
