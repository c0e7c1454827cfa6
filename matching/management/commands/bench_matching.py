"""Benchmark matching at national scale and print the figures (not a test: no pass/fail).

    manage.py bench_matching                       # 5,000 orgs, 20,000 trips, 100,000 physicians
    manage.py bench_matching --trips 2000 --physicians 5000 --organizations 500   # quicker

Builds the scale data into a scratch SQLite database (bench-<trips>.sqlite3, reused on
later runs; --database-url to use PostgreSQL instead), then measures in a child process
that runs on that database:
1. top-20 matches for one physician over all open trips: median and p95 wall time over
   many physicians through the full stack (test client: middleware, view, template),
   SQL queries, and the ratio to rendering a plain 20-row trip list the same way;
2. how that cost grows at 1k, 5k and 20k open trips;
3. a match round of physicians × trips × 10 preferences: time and peak memory, for the
   engine alone and for the real path (`match_round_run` on the scratch database, with
   --round-physicians of them ranking trips; all of them by default).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from matching import bench_data
from matching.bench_db_round import measure, preferences_generate
from physicians.models import PhysicianProfile
from trips.models import Trip, TripStatus

ROOT = Path(settings.BASE_DIR)


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=5000)
        parser.add_argument("--trips", type=int, default=20000)
        parser.add_argument("--physicians", type=int, default=100000)
        parser.add_argument("--samples", type=int, default=60, help="physicians timed per size")
        parser.add_argument("--database-url", default="")
        parser.add_argument("--skip-round", action="store_true")
        parser.add_argument("--skip-requests", action="store_true", help="only the round figures (skip parts 1-2)")
        parser.add_argument(
            "--round-physicians",
            type=int,
            default=None,
            help="physicians who rank trips in the real round (match_round_run); default: all of them",
        )
        parser.add_argument("--inner", action="store_true", help=())
        parser.add_argument("--inner-round", type=int, default=None, help=())

    def handle(self, *args, **options):
        if options["inner_round"] is not None:
            measure(round_id=options["inner_round"], write=self.stdout.write)
            return
        if options["inner"]:
            return self.measure(**options)
        url = options["database_url"] or "sqlite:///" + str(ROOT / f"bench-{options['trips']}.sqlite3")
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-" + "x" * 40),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_MANIFEST": "0",
            "AXES_ENABLED": "0",
            "LOG_LEVEL": "WARNING",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        self.stdout.write(f"Scratch database: {url}")
        subprocess.run(manage + ["migrate", "--noinput", "-v0"], env=env, check=True)
        argv = ["bench_matching", "--inner"] + [
            f"--{key}={options[key]}" for key in ("organizations", "trips", "physicians", "samples")
        ]
        for flag in ("skip_round", "skip_requests"):
            if options[flag]:
                argv.append("--" + flag.replace("_", "-"))
        if options["round_physicians"] is not None:
            argv.append(f"--round-physicians={options['round_physicians']}")
        subprocess.run(manage + argv, env=env, check=True)

    # --- inside the scratch database ----------------------------------------------
    def measure(
        self, *, organizations, trips, physicians, samples, skip_round, skip_requests, round_physicians, **options
    ):
        setup_test_environment()  # lets the test client expose the template context

        if not Trip.objects.filter(title__startswith="Bench trip").exists():
            self.stdout.write("Generating scale data (once per scratch database) …")
            started = time.perf_counter()
            bench_data.generate(organizations=organizations, trips=trips, physicians=physicians, log=self.stdout.write)
            self.stdout.write(f"  done in {time.perf_counter() - started:.0f} s")
        bench_trip_ids = list(
            Trip.objects.filter(title__startswith="Bench trip").order_by("id").values_list("id", flat=True)
        )
        profiles = list(
            PhysicianProfile.objects.filter(user__username__endswith="@bench.invalid")
            .order_by("id")
            .values_list("id", "user_id")[: samples * 50 : 50]
        )
        users = {u.pk: u for u in get_user_model().objects.filter(pk__in=[u for _p, u in profiles])}
        if not skip_requests:
            # Every request reads its candidates: the figures are the uncached cost, and the
            # sizes below change trip statuses in bulk, which a cache would not see.
            settings.MATCHES_CACHE_SECONDS = 0
            self.requests(bench_trip_ids, profiles, users)
        if not skip_round:
            self.rounds(bench_trip_ids, physicians if round_physicians is None else round_physicians)

    def requests(self, bench_trip_ids, profiles, users):
        client = Client()

        def timed(path, user):
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, (path, response.status_code)
            return elapsed, len(queries.captured_queries), response

        sizes = [n for n in (1000, 5000, 20000) if n <= len(bench_trip_ids)]
        if len(bench_trip_ids) not in sizes:
            sizes.append(len(bench_trip_ids))
        self.stdout.write("\n1-2. Top-20 matches per physician vs a plain 20-row trip list (full request, test client)")
        self.stdout.write(
            f"{'open trips':>10} {'match p50':>10} {'match p95':>10} {'list p50':>9} {'ratio':>6} {'queries':>8} "
            f"{'matches shown':>14}"
        )
        for size in sizes:
            Trip.objects.filter(pk__in=bench_trip_ids[size:]).update(status=TripStatus.CLOSED)
            Trip.objects.filter(pk__in=bench_trip_ids[:size]).update(status=TripStatus.OPEN)
            # Warm up caches (engine snapshot, template loading) before timing.
            for _pk, user_id in profiles[:2]:
                timed("/matches/", users[user_id])
                timed("/trips/", users[user_id])
            match_times, list_times, query_counts, shown = [], [], [], []
            for _pk, user_id in profiles:
                elapsed, queries, response = timed("/matches/", users[user_id])
                match_times.append(elapsed)
                query_counts.append(queries)
                shown.append(len(response.context["matches"]))
                list_times.append(timed("/trips/", users[user_id])[0])
            p50 = statistics.median(match_times)
            p95 = statistics.quantiles(match_times, n=20)[-1]
            list_p50 = statistics.median(list_times)
            self.stdout.write(
                f"{size:>10,} {p50 * 1000:>8.1f}ms {p95 * 1000:>8.1f}ms {list_p50 * 1000:>7.1f}ms "
                f"{p50 / list_p50:>6.2f} "
                f"{max(query_counts):>8} {statistics.mean(shown):>14.1f}"
            )
        Trip.objects.filter(pk__in=bench_trip_ids).update(status=TripStatus.OPEN)
        self.stdout.write(
            "   queries = every SQL query of the whole matches request (session, user, profile, candidates, page)."
        )

    def rounds(self, bench_trip_ids, round_physicians):
        self.stdout.write(
            f"\n3. Match round: {round_physicians:,} physicians × {len(bench_trip_ids):,} trips × 10 preferences"
        )
        self.stdout.write("   a. the engine alone (generated input, no database)")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "matching.bench_round",
                f"--physicians={round_physicians}",
                f"--trips={len(bench_trip_ids)}",
            ],
            cwd=ROOT,
            check=True,
        )
        self.stdout.write("   b. the real path: match_round_run on the scratch database (its own process)")
        match_round = preferences_generate(physicians=round_physicians, log=self.stdout.write)
        # Same environment (DATABASE_URL of the scratch database), fresh process: the peak
        # memory printed is the round's, not this process's test-client history.
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "bench_matching", f"--inner-round={match_round.pk}"],
            cwd=ROOT,
            check=True,
        )
