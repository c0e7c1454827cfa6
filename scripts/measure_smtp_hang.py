"""Measure what a hung mail server costs requests, now that email leaves the request.

Starts, all on 127.0.0.1: an SMTP server that accepts connections and never answers
(tests/smtp_server.py), gunicorn with DEBUG off, and a Celery worker with beat on a Redis
broker. Then times, ten tries each: applying, deciding, cancelling a trip with 30
applicants and asking for a password reset (all with the hung server), and signing up with
the hung server and with a healthy one. Finally the server starts answering and the
script waits until every email in the outbox has been delivered.

    .venv/bin/python scripts/measure_smtp_hang.py                      # fresh smtp_hang.sqlite3
    .venv/bin/python scripts/measure_smtp_hang.py --database-url postgres://postgres@127.0.0.1:5432/mm_smtp

Bounded: every wait has a limit (--deliver-seconds for the final delivery) and every
process it starts is stopped at the end. Loopback only; the Redis database (--broker-url,
default 15) is emptied first.
"""

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from loadtest import Session  # noqa: E402  (the load test's small cookie-and-CSRF client)

from tests.smtp_server import LoopbackSMTPServer  # noqa: E402

PYTHON = sys.executable
PASSWORD = "measure-smtp-hang-2026"
TRIES = 10

SETUP = """
import json
from django.test import override_settings
from tests.factories import (ApplicationFactory, MembershipFactory, OrganizationFactory, PhysicianProfileFactory,
                             TripFactory, UserFactory)
PASSWORD = {password!r}
organization = OrganizationFactory(verified=True, strong_evidence=True)
member = MembershipFactory(organization=organization, user__password=PASSWORD).user
appliers = [PhysicianProfileFactory(user__password=PASSWORD) for _ in range({tries})]
# Nobody logs in as these: a fast hasher keeps the set-up short (the app verifies with PBKDF2 as in production).
with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
    apply_trip = TripFactory(open=True, organization=organization, needs={{"family-medicine": 40}})
    decide_trip = TripFactory(open=True, organization=organization, needs={{"family-medicine": 40}})
    to_decide = [ApplicationFactory(trip=decide_trip).pk for _ in range({tries})]
    to_cancel = []
    for _ in range({tries}):
        trip = TripFactory(open=True, organization=organization, needs={{"family-medicine": 40}})
        for _ in range(30):
            ApplicationFactory(trip=trip)
        to_cancel.append(trip.pk)
    resetters = [UserFactory().email for _ in range({tries})]
print(json.dumps({{"member": member.email, "appliers": [p.user.email for p in appliers], "apply_trip": apply_trip.pk,
                  "to_decide": to_decide, "to_cancel": to_cancel, "resetters": resetters}}))
"""


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


def p95(samples):
    ordered = sorted(samples)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def manage(env, *args, capture=False):
    if capture:
        return subprocess.check_output([PYTHON, "manage.py", *args], cwd=ROOT, env=env, text=True)
    return run([PYTHON, "manage.py", *args], env, stdout=subprocess.DEVNULL)


def logged_in(port, email):
    session = Session(port, keep_alive=False)
    session.request("GET", "/accounts/login/")
    status, _ = session.request("POST", "/accounts/login/", session.form(login=email, password=PASSWORD))
    assert status == 302, f"log-in of {email} answered {status}"
    return session


def timed(session, method, path, form, expect):
    started = time.perf_counter()
    status, body = session.request(method, path, form)
    elapsed = time.perf_counter() - started
    assert status == expect, f"{method} {path} answered {status} (expected {expect}): {body[:300]!r}"
    return elapsed


def outbox_counts(env):
    code = (
        "import json; from notifications.models import OutboundEmail as E; "
        "print(json.dumps([E.objects.count(), E.objects.filter(sent_at__isnull=False).count(), "
        "E.objects.dead().count()]))"
    )
    return json.loads(manage(env, "shell", "-c", code, capture=True).strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'smtp_hang.sqlite3'}")
    parser.add_argument("--broker-url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--deliver-seconds", type=int, default=300, help="limit for the final delivery")
    args = parser.parse_args()

    with LoopbackSMTPServer(mode="accept") as smtp:
        env = {
            **os.environ,
            "DATABASE_URL": args.database_url,
            "CELERY_BROKER_URL": args.broker_url,
            "SECRET_KEY": "measure-smtp-hang-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_MANIFEST": "0",
            "AXES_ENABLED": "0",
            "API_THROTTLE_USER": "100000/minute",
            "API_THROTTLE_ANON": "100000/minute",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_TIMEOUT": "10",
            # Short retries, so the final delivery fits the run; production waits longer (docs/deployment.md).
            "OUTBOX_RETRY_DELAYS": "5,5,10,10,20,30,60,60,120,120",
        }
        env.pop("CELERY_EAGER", None)
        if args.database_url == parser.get_default("database_url"):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{ROOT / 'smtp_hang.sqlite3'}{suffix}").unlink(missing_ok=True)
        import redis

        redis.Redis.from_url(args.broker_url).flushdb()
        print(f"Preparing {args.database_url} …", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        data = json.loads(
            manage(env, "shell", "-c", SETUP.format(password=PASSWORD, tries=TRIES), capture=True)
            .strip()
            .splitlines()[-1]
        )
        venv_bin = Path(PYTHON).parent
        server = subprocess.Popen(
            [str(venv_bin / "gunicorn"), "portal.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
             "--workers", "2", "--threads", "2", "--timeout", "30", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        worker = subprocess.Popen(
            [str(venv_bin / "celery"), "-A", "portal", "worker", "--beat", "--pool", "threads", "--concurrency", "8",
             "--loglevel", "WARNING", "--schedule", str(ROOT / "smtp_hang.celerybeat")],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while Session(args.port, False).request("GET", "/health/live/")[0] != 200:
                assert time.monotonic() < deadline, "gunicorn did not start within 60 s"
                time.sleep(0.5)
            figures = measure(args.port, data, smtp)
            smtp.set_mode("accept")
            print("The mail server answers now; waiting for the outbox …", flush=True)
            started = time.monotonic()
            while True:
                total, sent, dead = outbox_counts(env)
                if sent + dead == total or time.monotonic() - started > args.deliver_seconds:
                    break
                time.sleep(5)
            waited = time.monotonic() - started
        finally:
            for process in (server, worker):
                process.terminate()
            for process in (server, worker):
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
        print()
        print("| request (10 tries) | p50 | p95 | max |")
        print("|---|---:|---:|---:|")
        for name, samples in figures.items():
            ms = [s * 1000 for s in samples]
            print(f"| {name} | {sorted(ms)[len(ms) // 2]:.0f} ms | {p95(ms):.0f} ms | {max(ms):.0f} ms |")
        print()
        print(
            f"Outbox: {total} emails, {sent} delivered and {dead} dead {waited:.0f} s after the server began "
            f"to answer; {len(smtp.messages)} messages reached it, {smtp.connections} connections."
        )
        return 0 if sent == total else 1


def measure(port, data, smtp):
    figures = {"sign up (POST /accounts/signup/), SMTP healthy": sign_ups(port, "healthy")}
    smtp.set_mode("hang")
    # Applying: each physician once, to the same trip (through the API, with the session).
    figures["apply (POST /api/v1/applications/)"] = [
        timed(
            logged_in(port, email),
            "POST",
            "/api/v1/applications/",
            {"trip": data["apply_trip"], "specialty": "family-medicine", "note": ""},
            201,
        )  # fmt: skip
        for email in data["appliers"]
    ]
    member = logged_in(port, data["member"])
    figures["decide (POST /api/v1/applications/{id}/decide/)"] = [
        timed(member, "POST", f"/api/v1/applications/{pk}/decide/", {"decision": "accepted", "note": ""}, 200)
        for pk in data["to_decide"]
    ]
    figures["cancel a trip with 30 applicants (POST /api/v1/trips/{id}/status/)"] = [
        timed(member, "POST", f"/api/v1/trips/{pk}/status/", {"status": "cancelled"}, 200) for pk in data["to_cancel"]
    ]
    resets = []
    for email in data["resetters"]:
        visitor = Session(port, keep_alive=False)
        visitor.request("GET", "/accounts/password/reset/")
        resets.append(timed(visitor, "POST", "/accounts/password/reset/", visitor.form(email=email), 302))
    figures["password reset (POST /accounts/password/reset/)"] = resets
    figures["sign up (POST /accounts/signup/), SMTP hung"] = sign_ups(port, "hung")
    return figures


def sign_ups(port, label):
    samples = []
    for i in range(TRIES):
        visitor = Session(port, keep_alive=False)
        visitor.request("GET", "/accounts/signup/")
        form = visitor.form(
            email=f"new-{label}-{i}-{time.time_ns()}@example.org", password1=PASSWORD, password2=PASSWORD,
            role="physician", display_name=f"Dr. New {i}",
        )  # fmt: skip
        samples.append(timed(visitor, "POST", "/accounts/signup/", form, 302))
    return samples


if __name__ == "__main__":
    sys.exit(main())
