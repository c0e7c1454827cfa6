"""Load test: start gunicorn on a database with demo-plus-scale data, drive it from a
second process, and print throughput, latency percentiles and errors per page.

    .venv/bin/python scripts/loadtest.py                       # SQLite (a fresh loadtest.sqlite3)
    .venv/bin/python scripts/loadtest.py --database-url postgres://postgres@127.0.0.1:5432/mm_load
    .venv/bin/python scripts/loadtest.py --database-url postgres://... --restart-postgres
                                                               # fault test: restart PostgreSQL mid-run

The database gets the demo data (seed_demo) plus scale rows (matching.bench_data:
--scale-trips open trips of verified organizations and as many extra physicians), so the
matches page ranks thousands of candidates as it would in production.

Traffic stays on 127.0.0.1. Each virtual user (50 by default, arriving evenly over 50 s)
logs in as a demo physician, then loops over its matches page, the trip search and a trip
page, pausing a random 0.5–1.5 × --think seconds between pages as a person reading would;
about one iteration in 30 ends with a write that bumps the engine-input stamp (a member of
a demo organization changes one of its trips' cost through the API), so the workers'
trip-feature stores refresh under load. A physician's first matches page (nothing cached
for them) is reported apart from the repeats. Every request has its own connection.
Bounded in time (--seconds) so it always stops by itself. Plain threads and http.client
rather than locust: the figures need the first visits apart, the write's session and the
same steady-state cut as before, and nothing to install.

Every response is checked: pages must answer 200 (a redirect to the log-in page is an
error), log-in must redirect, the API write must answer 200. With --restart-postgres, 503 answers while the
database is down are expected; the run then also checks that the app recovered by itself
(the last third of the run is error-free) and that no application was half-written.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DEMO_PASSWORD = "demo-volunteer-2026"
DEMO_DOMAIN = "demo.missionmatch.example"
WRITE_EVERY = 30  # a user's loop iterations per write, on average
PAGES = ("log in", "matches page, first visit", "matches page, repeat", "trip search", "trip page", "trip edit (API)")


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


class Session:
    """A tiny HTTP client with cookies and CSRF: one connection per user, or one per request."""

    def __init__(self, port, keep_alive):
        self.port = port
        self.keep_alive = keep_alive
        self.cookies = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, form=None):
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if not self.keep_alive:
            headers["Connection"] = "close"  # http.client opens a new one for the next request
        body = None
        if form is not None:
            if method == "PATCH":  # the API takes JSON
                body = json.dumps(form)
                headers["Content-Type"] = "application/json"
            else:
                body = urllib.parse.urlencode(form)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            return 599, b""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def timed(self, results, lock, name, method, path, form=None, expect=200):
        """One request, recorded as (seconds since start, duration, status, ok)."""
        started = time.perf_counter()
        status, body = self.request(method, path, form)
        elapsed = time.perf_counter() - started
        with lock:
            results.setdefault(name, []).append((time.monotonic(), elapsed, status, status == expect))
        return status, body

    def form(self, **fields):
        return {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}


def log_in(session, results, lock, email):
    session.request("GET", "/accounts/login/")
    return session.timed(
        results,
        lock,
        "log in",
        "POST",
        "/accounts/login/",
        session.form(login=email, password=DEMO_PASSWORD),
        expect=302,
    )


def user_loop(user_index, port, keep_alive, deadline, think, start_delay, trip_ids, writer, results, lock):
    """One physician: log in, then loop over their matches, the trip search and a trip page,
    with about one write in `WRITE_EVERY` iterations that bumps the engine-input stamp (an
    organization's member changes the cost of one of its trips through the API, as
    `trip_save` records it), so every store in the workers refreshes during the run."""
    rng = random.Random(user_index)
    time.sleep(start_delay)  # users arrive over the ramp-up, not all in the same instant
    session = Session(port, keep_alive)
    log_in(session, results, lock, f"physician{user_index + 1:03d}@{DEMO_DOMAIN}")
    step = 0
    while time.monotonic() < deadline:
        trip_id = trip_ids[(user_index * 7 + step) % len(trip_ids)]
        # A physician's first visit (nothing cached for them) apart from their return visits.
        page = "matches page, first visit" if step == 0 else "matches page, repeat"
        session.timed(results, lock, page, "GET", "/matches/")
        time.sleep(rng.uniform(0.5, 1.5) * think)
        session.timed(results, lock, "trip search", "GET", "/trips/?sort=soonest")
        time.sleep(rng.uniform(0.5, 1.5) * think)
        session.timed(results, lock, "trip page", "GET", f"/trips/{trip_id}/")
        time.sleep(rng.uniform(0.5, 1.5) * think)
        if rng.random() < 1 / WRITE_EVERY:
            writer.write(results, lock, rng)
        step += 1


class Writer:
    """An organization member, logged in once before the users arrive; each write is its own
    request (and connection) with that session's cookies."""

    def __init__(self, port, trip_ids):
        self.port, self.trip_ids = port, trip_ids
        self.session = Session(port, keep_alive=False)
        self.session.request("GET", "/accounts/login/")
        status, _body = self.session.request(
            "POST", "/accounts/login/", self.session.form(login=f"owner01@{DEMO_DOMAIN}", password=DEMO_PASSWORD)
        )
        assert status == 302, f"the organization member could not log in ({status})"

    def write(self, results, lock, rng):
        session = Session(self.port, keep_alive=False)
        session.cookies = dict(self.session.cookies)
        trip_id = rng.choice(self.trip_ids)
        session.timed(
            results, lock, "trip edit (API)", "PATCH", f"/api/v1/trips/{trip_id}/", {"cost_usd": rng.randint(500, 4000)}
        )


def drive(port, keep_alive, users, seconds, think, ramp, trip_ids, owner_trip_ids, queue):
    results, lock = {}, threading.Lock()
    writer = Writer(port, owner_trip_ids)
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=user_loop,
            args=(i, port, keep_alive, deadline, think, ramp * i / users, trip_ids, writer, results, lock),
        )
        for i in range(users)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((results, started, time.monotonic() - started))


def print_table(results, wall, outage):
    """Throughput, latency percentiles and errors per page; returns the number of errors."""
    print(
        f"{'page':<27}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}{'503s':>6}"
        "  statuses"
    )
    total_errors = 0
    for name in (
        "log in",
        "matches page, first visit",
        "matches page, repeat",
        "trip search",
        "trip page",
        "trip edit (API)",
    ):
        samples = results.get(name, [])
        if not samples:
            continue
        times = [elapsed * 1000 for _at, elapsed, _status, _ok in samples]
        statuses = {}
        for _at, _elapsed, status, _ok in samples:
            statuses[status] = statuses.get(status, 0) + 1
        unavailable = sum(1 for _at, _e, status, ok in samples if not ok and status == 503 and outage)
        errors = sum(1 for _at, _e, _status, ok in samples if not ok) - unavailable
        total_errors += errors
        print(
            f"{name:<27}{len(samples):>9}{len(samples) / wall:>8.1f}{percentile(times, 50):>9.0f}"
            f"{percentile(times, 95):>9.0f}{percentile(times, 99):>9.0f}{errors:>8}{unavailable:>6}"
            f"  {dict(sorted(statuses.items()))}"
        )
    return total_errors


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


SCALE_SNIPPET = """
from organizations.models import Organization
from matching import bench_data
if not Organization.objects.filter(slug='bench-organization-0').exists():
    bench_data.generate(organizations={organizations}, trips={trips}, physicians={physicians}, seed=7)
"""

# Seeded once per database: seeding again walks every trip, the scale data's too (minutes).
DEMO_SNIPPET = f"""
from django.contrib.auth import get_user_model
from django.core.management import call_command
if not get_user_model().objects.filter(username='owner01@{DEMO_DOMAIN}').exists():
    call_command('seed_demo')
"""

# An application is written with its "submitted" history row in one transaction: one
# without the other would be a half-written request.
INTEGRITY_SNIPPET = """
from django.db.models import Count
from applications.models import Application
print(Application.objects.count(), Application.objects.annotate(n=Count('decisions')).filter(n=0).count())
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'loadtest.sqlite3'}")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=190, help="the whole run, arrivals included")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between a user's pages, in seconds")
    parser.add_argument("--ramp", type=float, default=50.0, help="seconds over which the users arrive")
    parser.add_argument(
        "--scale-trips", type=int, default=20000, help="open trips added to the demo data (0: demo only)"
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument(
        "--keep-alive",
        action="store_true",
        help="reuse each user's connection; by default each request has its own, as behind a proxy that does not keep "
        "upstream connections alive (gunicorn serves a kept-alive connection from the worker that accepted it)",
    )
    parser.add_argument(
        "--cache-url",
        default="",
        help=(
            "a cache shared by the workers, e.g. redis://127.0.0.1:6379/15 (emptied first); "
            "by default each worker has its own"
        ),
    )
    parser.add_argument("--restart-postgres", action="store_true", help="restart PostgreSQL in the middle of the run")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "SECRET_KEY": "loadtest-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "0",
        "DEBUG": "0",
        "AXES_ENABLED": "0",
        # Every virtual user logs in from 127.0.0.1: allauth would answer 429 after a few.
        "ACCOUNT_RATE_LIMITS_ENABLED": "0",
        "API_THROTTLE_USER": "100000/minute",
        "API_THROTTLE_ANON": "100000/minute",
        "CONN_MAX_AGE": "60",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "ACCOUNT_EMAIL_VERIFICATION": "optional",
        # Tasks (emails to locmem) in-process: the load test measures pages, not a worker.
        "CELERY_EAGER": "1",
    }
    if args.cache_url:
        env["CACHE_URL"] = args.cache_url
    if args.database_url == parser.get_default("database_url"):
        for suffix in ("", "-wal", "-shm"):  # a fresh file each run: comparable figures
            Path(f"{ROOT / 'loadtest.sqlite3'}{suffix}").unlink(missing_ok=True)
    print(f"Preparing {args.database_url} …", flush=True)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "shell", "-c", DEMO_SNIPPET], env, stdout=subprocess.DEVNULL)
    if args.cache_url:  # nothing cached from another run's database
        run([PYTHON, "manage.py", "shell", "-c", "from django.core.cache import cache; cache.clear()"], env)
    if args.scale_trips:
        snippet = SCALE_SNIPPET.format(
            organizations=max(1, args.scale_trips // 4), trips=args.scale_trips, physicians=args.scale_trips
        )
        run([PYTHON, "manage.py", "shell", "-c", snippet], env, stdout=subprocess.DEVNULL)
    # Fresh statistics after the bulk load, as autovacuum would gather in time: without them
    # PostgreSQL guesses one row per table and picks nested loops that take seconds.
    run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from django.db import connection; connection.cursor().execute('ANALYZE')",
        ],
        env,
    )
    trip_ids = json.loads(
        subprocess.check_output(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "import json; from trips.selectors import trip_list_public; "
                "print(json.dumps(list(trip_list_public().values_list('pk', flat=True)[:2000])))",
            ],
            cwd=ROOT,
            env=env,
            text=True,
        )
        .strip()
        .splitlines()[-1]
    )
    owner_trip_ids = json.loads(
        subprocess.check_output(
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                "import json; from trips.selectors import trip_list_public; "
                f"print(json.dumps(list(trip_list_public().filter(organization__memberships__user__username="
                f"'owner01@{DEMO_DOMAIN}').values_list('pk', flat=True))))",
            ],
            cwd=ROOT,
            env=env,
            text=True,
        )
        .strip()
        .splitlines()[-1]
    )
    print(f"load average before the run: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[1]:.1f} (5 min)")
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "portal.wsgi:application",
            "--config",
            "python:portal.gunicorn_config",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Each worker builds its matching stores before it accepts a connection
    # (portal/gunicorn_config.py) and logs "Stores warm"; the users arrive once all have.
    warm = threading.Semaphore(0)

    def relay(stream):
        for line in stream:
            sys.stderr.write(line)
            if "Stores warm" in line:
                warm.release()

    threading.Thread(target=relay, args=(server.stderr,), daemon=True).start()
    outage = None
    try:
        warm_started = time.monotonic()
        for _ in range(args.workers):
            if not warm.acquire(timeout=300):
                raise SystemExit("the workers did not warm their stores within 300 s")
        print(f"workers warm (stores built) in {time.monotonic() - warm_started:.1f} s", flush=True)
        queue = multiprocessing.Queue()
        driver = multiprocessing.Process(
            target=drive,
            args=(
                args.port,
                args.keep_alive,
                args.users,
                args.seconds,
                args.think,
                args.ramp,
                trip_ids,
                owner_trip_ids,
                queue,
            ),
        )
        driver.start()
        if args.restart_postgres:
            time.sleep(args.seconds / 3)
            print("Restarting PostgreSQL …", flush=True)
            cluster = subprocess.check_output(["ls", "/etc/postgresql"], text=True).split()[0]
            down_at = time.monotonic()
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "stop", "-m", "fast"], check=True
            )
            time.sleep(5)  # a real outage, not a blink
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "start"], check=True)
            outage = (down_at, time.monotonic())
            print(f"PostgreSQL back after {outage[1] - outage[0]:.1f} s", flush=True)
        results, started, wall = queue.get()
        driver.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print(
        f"\n{args.users} users arriving over {args.ramp:g} s, think time {args.think:g} s, {wall:.0f} s "
        f"against {args.database_url.split('://')[0]} "
        f"({args.workers} gunicorn workers × {args.threads} threads, "
        f"{'shared cache' if args.cache_url else 'a cache per worker'}, demo data + {args.scale_trips} scale trips)"
    )
    total_errors = print_table(results, wall, outage)
    # Steady state: once the last user has logged in. The log-ins' password hashing
    # (deliberately slow) all falls in the arrivals and queues every page behind it, which a
    # day of browsing, with log-ins spread out, does not see. Each physician's first visit
    # follows their log-in, so those are reported over the whole run.
    arrivals = [at for at, *_rest in results.get("log in", [])]
    if arrivals and not outage:
        steady_from = max(arrivals)
        steady = {name: [s for s in samples if s[0] - s[1] >= steady_from] for name, samples in results.items()}
        span = started + wall - steady_from
        print(f"\nsteady state: the last {span:.0f} s, from {steady_from - started:.0f} s (the last log-in done)")
        print_table(steady, span, outage)
        print(
            f"requests per second in the steady state: {sum(len(v) for v in steady.values()) / span:.1f}; "
            f"load average after the run: {os.getloadavg()[0]:.1f} (1 min), {os.getloadavg()[1]:.1f} (5 min)"
        )
    print(f"total errors: {total_errors}")
    failed = bool(total_errors)
    if outage:
        recovered_by = outage[1] + 10  # connections are health-checked and re-opened within seconds
        late = [s for samples in results.values() for s in samples if s[0] > recovered_by]
        late_failures = sum(1 for s in late if not s[3])
        last_failure = max((s[0] for samples in results.values() for s in samples if not s[3]), default=None)
        print(
            f"recovered by itself: {late_failures == 0} ({len(late)} requests from 10 s after the database's return, "
            f"{late_failures} failed; "
            + (
                f"last failed request {last_failure - outage[1]:+.1f} s from its return)"
                if last_failure is not None
                else "no request failed)"
            )
        )
        failed |= late_failures > 0
    applications, unrecorded = (
        int(n)
        for n in subprocess.check_output(
            [PYTHON, "manage.py", "shell", "-c", INTEGRITY_SNIPPET], cwd=ROOT, env=env, text=True
        ).split()[-2:]
    )
    print(f"applications: {applications}, without their recorded submission (half-written): {unrecorded}")
    failed |= unrecorded > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
