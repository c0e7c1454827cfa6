"""Load test: start gunicorn on a database with demo data, drive it from a second
process, and print throughput, latency percentiles and errors per page.

    .venv/bin/python scripts/loadtest.py                       # SQLite
    .venv/bin/python scripts/loadtest.py --database-url postgres://postgres@127.0.0.1:5432/mm_load
    .venv/bin/python scripts/loadtest.py --restart-postgres     # fault test: restart PostgreSQL mid-run

Traffic stays on 127.0.0.1. Each virtual user logs in as a demo physician and loops over
the trip search, a trip page, the matches page and (once per user) the apply flow.
Bounded in time (--seconds) so it always stops by itself.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import re
import signal
import statistics
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


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, cwd=ROOT, env=env, check=True, **kwargs)


class Session:
    """A tiny HTTP client with cookies and CSRF, one keep-alive connection per user."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, form=None):
        headers = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
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

    def login(self, email):
        self.request("GET", "/accounts/login/")
        status, _ = self.request(
            "POST", "/accounts/login/", {"login": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        )
        return status in (200, 302)


def user_loop(user_index, port, deadline, trip_ids, results, lock):
    session = Session(port)
    session.login(f"physician{user_index + 1:03d}@{DEMO_DOMAIN}")
    applied = False
    step = 0
    while time.monotonic() < deadline:
        trip_id = trip_ids[(user_index * 7 + step) % len(trip_ids)]
        plan = [
            ("trip search", "GET", "/trips/?sort=soonest", None),
            ("trip page", "GET", f"/trips/{trip_id}/", None),
            ("matches page", "GET", "/matches/", None),
        ]
        if not applied:
            status, body = session.request("GET", f"/trips/{trip_id}/")
            match = re.search(rb'action="(/applications/[^"]*apply[^"]*)"', body)
            specialty = re.search(rb'name="specialty"[^>]*>\s*(?:<option value="">[^<]*</option>\s*)?<option value="(\d+)"', body)
            if match and specialty:
                form = {"specialty": specialty.group(1).decode(), "note": "Load test application.", "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}
                plan.append(("apply", "POST", match.group(1).decode(), form))
            applied = True
        for name, method, path, form in plan:
            started = time.perf_counter()
            status, _ = session.request(method, path, form)
            elapsed = time.perf_counter() - started
            with lock:
                results.setdefault(name, []).append((elapsed, status))
        step += 1


def drive(port, users, seconds, trip_ids, queue):
    results, lock = {}, threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=user_loop, args=(i, port, deadline, trip_ids, results, lock)) for i in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((results, time.monotonic() - started))


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'loadtest.sqlite3'}")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--restart-postgres", action="store_true", help="restart PostgreSQL in the middle of the run")
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": args.database_url, "SECRET_KEY": "loadtest-secret-key-" + "x" * 40,
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "SESSION_COOKIE_SECURE": "0",
           "CSRF_COOKIE_SECURE": "0", "SECURE_HSTS_SECONDS": "0", "STATIC_MANIFEST": "0", "DEBUG": "0",
           "AXES_ENABLED": "0", "API_THROTTLE_USER": "100000/minute", "API_THROTTLE_ANON": "100000/minute",
           "CONN_MAX_AGE": "60", "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
           "ACCOUNT_EMAIL_VERIFICATION": "optional"}
    print(f"Preparing {args.database_url} …", flush=True)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "seed_demo"], env, stdout=subprocess.DEVNULL)
    trip_ids = json.loads(
        subprocess.check_output(
            [PYTHON, "manage.py", "shell", "-c",
             "import json; from trips.selectors import trip_list_public; print(json.dumps(list(trip_list_public().values_list('pk', flat=True))))"],
            cwd=ROOT, env=env, text=True,
        ).strip().splitlines()[-1]
    )
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "portal.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", str(args.workers), "--threads", "2", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        queue = multiprocessing.Queue()
        driver = multiprocessing.Process(target=drive, args=(args.port, args.users, args.seconds, trip_ids, queue))
        driver.start()
        if args.restart_postgres:
            time.sleep(args.seconds / 3)
            print("Restarting PostgreSQL …", flush=True)
            cluster = subprocess.check_output(["ls", "/etc/postgresql"], text=True).split()[0]
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)
        results, wall = queue.get()
        driver.join()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print(f"\n{args.users} users for {wall:.0f} s against {args.database_url.split('://')[0]} ({args.workers} gunicorn workers)")
    print(f"{'page':<14}{'requests':>9}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}  statuses")
    total_errors = 0
    for name, samples in results.items():
        times = [t * 1000 for t, _s in samples]
        statuses = {}
        for _t, status in samples:
            statuses[status] = statuses.get(status, 0) + 1
        errors = sum(n for status, n in statuses.items() if status >= 500 and status != 503) if args.restart_postgres else sum(n for status, n in statuses.items() if status >= 400)
        total_errors += errors
        print(f"{name:<14}{len(samples):>9}{len(samples) / wall:>8.1f}{percentile(times, 50):>9.0f}{percentile(times, 95):>9.0f}{percentile(times, 99):>9.0f}{errors:>8}  {dict(sorted(statuses.items()))}")
    print(f"total errors: {total_errors}")
    return 1 if total_errors else 0


if __name__ == "__main__":
    sys.exit(main())
