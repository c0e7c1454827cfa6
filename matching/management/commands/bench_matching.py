"""Benchmark matching at national scale and print the figures (not a test: no pass/fail).

    manage.py bench_matching                       # 5,000 orgs, 80,000 trips, 100,000 physicians
    manage.py bench_matching --trips 2000 --physicians 5000 --organizations 500   # quicker

    manage.py bench_matching --quick               # 5,000 trips, within 3 minutes (CI)

Builds the scale data into a scratch SQLite database (bench-<trips>-<physicians>-<migration
digest>.sqlite3, reused while the migrations are unchanged; --database-url to use
PostgreSQL instead), then measures in a child process that runs on that database:
1. full requests through the test client at 1k, 5k, 20k and 80k open trips (as many as
   the data holds), interleaved in one process over different physicians: the plain
   anchor (`matching.bench_anchor`, alone and inside base.html), "My matches" on a first
   visit, a return visit and the first visit after a one-trip write, the trip search with
   three filters and suggested volunteers; medians, min–max, ratios to the anchor, SQL
   counts, the store's rebuild time and array memory;
2. (section 4 of the issue) the engine alone against plain numpy over the same arrays;
3. a match round of physicians × trips × 10 preferences: time and peak memory, for the
   engine alone and for the real path (`match_round_run` on the scratch database, with
   --round-physicians of them ranking trips; all of them by default);
5. the simulated market of the spread term (`matching.bench_market`, generated engine input,
   its own process): --trips trips, --physicians physicians arriving in random order, each
   applying to their top 3, congestion recomputed every 1,000 applications; the share of
   trips with an applicant with and without the term, the mean fit lost and the runtime.
"""

import hashlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django.urls import clear_url_caches
from django.utils import timezone

from matching import bench_data
from matching.bench_anchor import PlainTripList
from matching.bench_db_round import measure, measure_command, preferences_generate
from matching.engine import rank_trips_in
from matching.generation import engine_input_changed
from matching.physician_reads import volunteer_profiles_from_rows
from matching.selectors import trip_features_current, volunteer_features_current
from physicians.models import PhysicianProfile
from trips.models import Trip, TripStatus

ROOT = Path(settings.BASE_DIR)


def _migration_state():
    """A short digest of every migration file: bench data is rebuilt when the schema changes."""
    digest = hashlib.sha256()
    for path in sorted(ROOT.glob("*/migrations/0*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=5000)
        parser.add_argument("--trips", type=int, default=80000)
        parser.add_argument("--physicians", type=int, default=100000)
        parser.add_argument("--samples", type=int, default=60, help="physicians timed per size")
        parser.add_argument("--database-url", default="")
        parser.add_argument("--skip-round", action="store_true")
        parser.add_argument("--skip-market", action="store_true", help="leave out the simulated market (part 5)")
        parser.add_argument("--skip-requests", action="store_true", help="only the round figures (skip parts 1-2)")
        parser.add_argument(
            "--round-physicians",
            type=int,
            default=None,
            help="physicians who rank trips in the real round (match_round_run); default: all of them",
        )
        parser.add_argument(
            "--quick",
            action="store_true",
            help="5,000 trips, 1,000 organizations, 10,000 physicians, 20 samples, no round; that market (CI)",
        )
        parser.add_argument("--inner", action="store_true", help=())
        parser.add_argument("--inner-round", type=int, default=None, help=())

    def handle(self, *args, **options):
        if options["inner_round"] is not None:
            measure(round_id=options["inner_round"], write=self.stdout.write)
            return
        if options["inner"]:
            return self.measure(**options)
        if not options["skip_market"]:
            self.market(
                trips=5000 if options["quick"] else options["trips"],
                physicians=10000 if options["quick"] else options["physicians"],
            )
        if options["quick"]:
            options.update(trips=5000, organizations=1000, physicians=10000, samples=22, skip_round=True)
        url = options["database_url"] or "sqlite:///" + str(
            ROOT / f"bench-{options['trips']}-{options['physicians']}-{_migration_state()}.sqlite3"
        )
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
            # Production settings but no broker: the few tasks a request starts run in-process.
            "CELERY_EAGER": "1",
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
        # Fresh planner statistics, as autovacuum gathers in time after a bulk load: without
        # them PostgreSQL guesses one row a table and the search took seconds. (SQLite has no
        # autovacuum to gather them, so its file stays as a deployment's would be.)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
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
            self.requests(bench_trip_ids, profiles, users)
        if not skip_round:
            self.rounds(bench_trip_ids, physicians if round_physicians is None else round_physicians)

    def requests(self, bench_trip_ids, profiles, users):
        """Interleaved full requests at each size: the plain anchor (alone and inside
        base.html), "My matches" on a physician's first visit (store current, nothing
        cached for them), their return visit, the first visit after a one-trip write, the
        trip search with three filters, and suggested volunteers (staff, warm)."""

        settings.ROOT_URLCONF = "matching.bench_anchor"
        clear_url_caches()
        client = Client()
        # An active superuser (a database with the demo data holds an inactive staff account).
        staff = get_user_model().objects.filter(
            is_superuser=True, is_active=True
        ).first() or get_user_model().objects.create(
            username="bench-staff", email="bench-staff@bench.invalid", is_staff=True, is_superuser=True
        )

        def timed(path, user, params=None):
            client.force_login(user)
            # The log keeps the last 9,000 queries: once full, a capture's start and end fall
            # on the same length and it would count none.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path, params or {})
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, (path, response.status_code)
            # Transaction statements of ATOMIC_REQUESTS are not reads.
            reads = [q for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
            return elapsed, len(reads)

        def summary(values):
            return statistics.median(values), min(values), max(values)

        sizes = [n for n in (1000, 5000, 20000, 80000) if n <= len(bench_trip_ids)]
        if len(bench_trip_ids) not in sizes:
            sizes.append(len(bench_trip_ids))
        search = {"language": "es", "max_cost": 3000, "trains_local_staff": "true"}
        rows = []
        for size in sizes:
            Trip.objects.filter(pk__in=bench_trip_ids[size:]).update(status=TripStatus.CLOSED)
            Trip.objects.filter(pk__in=bench_trip_ids[:size]).update(status=TripStatus.OPEN)
            engine_input_changed()
            if connection.vendor == "postgresql":  # as autovacuum would after a bulk change of statuses
                with connection.cursor() as cursor:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(Trip._meta.db_table)}")
            first_trip = bench_trip_ids[0]
            suggested = f"/matches/trips/{first_trip}/suggested-volunteers/"
            # Warm up (templates, the store) with physicians not sampled below.
            for _pk, user_id in profiles[-2:]:
                timed("/matches/", users[user_id])
                timed("/bench/plain-trips/", users[user_id])
            snapshot = trip_features_current()
            rebuild = snapshot.build_seconds  # the whole store: the sizes change trips in bulk
            store_bytes = snapshot.features.nbytes
            times = {key: [] for key in ("anchor", "in_base", "first", "return", "after_write", "search", "suggested")}
            queries = {key: [] for key in times}
            for _pk, user_id in profiles[:-2]:
                user = users[user_id]
                for key, path, who, params in (
                    ("anchor", "/bench/plain-trips/", user, None),
                    ("in_base", "/bench/plain-trips-in-base/", user, None),
                    ("first", "/matches/", user, None),
                    ("return", "/matches/", user, None),
                    ("search", "/trips/", user, search),
                    ("suggested", suggested, staff, None),
                ):
                    elapsed, count = timed(path, who, params)
                    times[key].append(elapsed)
                    queries[key].append(count)
                # One trip written, then the same physician's next visit rebuilds the store.
                Trip.objects.filter(pk=first_trip).update(cost_usd=F("cost_usd") + 1)
                engine_input_changed(trip_ids=[first_trip])  # as trip_save names it
                elapsed, count = timed("/matches/", user, {"page": 1})
                times["after_write"].append(elapsed)
                queries["after_write"].append(count)
            anchor = statistics.median(times["anchor"])
            rows.append((size, {k: summary(v) for k, v in times.items()}, anchor, queries, rebuild, store_bytes))

        self.stdout.write(
            f"\n1. Full requests, interleaved, {len(profiles) - 2} physicians a size; median ms (min–max), "
            "ratio to the plain anchor"
        )
        header = ("open trips", "anchor", "anchor in base", "matches first", "matches return", "after 1-trip write")
        header += (
            "search 3 filters",
            "suggested vols",
            "SQL (first/return/search)",
            "full store rebuild",
            "store arrays",
        )
        self.stdout.write(" | ".join(header))
        for size, figures, anchor, queries, rebuild, store_bytes in rows:

            def cell(key, figures=figures, anchor=anchor):
                median, low, high = figures[key]
                ratio = "" if key == "anchor" else f" ×{median / anchor:.1f}"
                return f"{median * 1000:.1f} ({low * 1000:.0f}–{high * 1000:.0f}){ratio}"

            self.stdout.write(
                " | ".join(
                    [f"{size:,}"]
                    + [cell(k) for k in ("anchor", "in_base", "first", "return", "after_write", "search", "suggested")]
                    + [
                        f"{max(queries['first'])}/{max(queries['return'])}/{max(queries['search'])}",
                        f"{rebuild:.2f} s",
                        f"{store_bytes / 2**20:.1f} MiB",
                    ]
                )
            )
        Trip.objects.filter(pk__in=bench_trip_ids).update(status=TripStatus.OPEN)
        engine_input_changed()
        self.suggested_volunteers(bench_trip_ids, len(profiles) - 2, timed, staff, users[profiles[0][1]])
        self.stdout.write(
            f"   anchor: {PlainTripList.__module__}.PlainTripList. SQL counts leave out SAVEPOINT/RELEASE "
            "(ATOMIC_REQUESTS). After a 1-trip write the store re-reads that trip only; a full rebuild "
            "(the 4 set-based queries and the arrays at that size) follows bulk changes and each new day."
        )
        self.engine_alone(profiles)

    def suggested_volunteers(self, bench_trip_ids, samples, timed, staff, user):
        """Suggested volunteers for a trip over every physician, warm (the physician-feature
        store current), against the plain anchor, interleaved; a different trip each sample."""
        snapshot = volunteer_features_current()  # built by the first request of part 1
        step = max(1, len(bench_trip_ids) // (samples + 1))
        trips = bench_trip_ids[step::step][:samples]
        timed(f"/matches/trips/{trips[0]}/suggested-volunteers/", staff)  # templates
        anchor, suggested, counts = [], [], []
        for trip_id in trips:
            anchor.append(timed("/bench/plain-trips/", user)[0])
            elapsed, count = timed(f"/matches/trips/{trip_id}/suggested-volunteers/", staff)
            suggested.append(elapsed)
            counts.append(count)
        median, plain = statistics.median(suggested), statistics.median(anchor)
        self.stdout.write(
            f"\n2. Suggested volunteers, warm, over {len(snapshot.features):,} physicians vs the plain list "
            f"({len(trips)} trips, interleaved): {median * 1000:.1f} ms ({min(suggested) * 1000:.0f}–"
            f"{max(suggested) * 1000:.0f}) vs {plain * 1000:.1f} ms: ×{median / plain:.1f} (target ≤ ×2); "
            f"{max(counts)} SQL queries; physician-feature store built in {snapshot.build_seconds:.1f} s, "
            f"{snapshot.features.nbytes / 2**20:.1f} MiB of arrays"
        )

    def engine_alone(self, profiles):
        """Scoring every open trip for one physician against plain numpy over the same arrays."""
        today = timezone.localdate()
        features = trip_features_current(today=today).features
        people = volunteer_profiles_from_rows([pk for pk, _user in profiles])
        matrix = np.column_stack([features.satisfaction[:, 2, :], features.quality])
        weights = np.ones(matrix.shape[1])
        engine, plain = [], []
        for profile in people.values():
            started = time.perf_counter()
            ranked = rank_trips_in(features, profile, today=today)
            ranked.positions(slice(0, 20))
            engine.append(time.perf_counter() - started)
            started = time.perf_counter()
            scores = matrix @ weights
            top = np.argpartition(-scores, 20)[:20]
            top[np.argsort(-scores[top])]
            plain.append(time.perf_counter() - started)
        engine_ms, plain_ms = statistics.median(engine) * 1000, statistics.median(plain) * 1000
        self.stdout.write(
            f"\n4. Engine alone over {len(features):,} stored trips: every constraint and factor, top 20 ordered: "
            f"{engine_ms:.2f} ms median; plain numpy features @ weights + argpartition: {plain_ms:.2f} ms "
            f"(×{engine_ms / plain_ms:.1f})"
        )

    def market(self, *, trips, physicians):
        """Part 5, first because it needs no database: the simulated market in its own process."""
        self.stdout.write(f"\n5. Simulated market: {trips:,} trips, {physicians:,} physicians, top 3 each")
        self.stdout.flush()
        subprocess.run(
            [sys.executable, "-m", "matching.bench_market", f"--trips={trips}", f"--physicians={physicians}"],
            cwd=ROOT,
            check=True,
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
        self.stdout.write("   c. as admins run it: manage.py run_match_round in a fresh process")
        elapsed, peak = measure_command(round_id=match_round.pk, write=lambda line: self.stdout.write("      " + line))
        self.stdout.write(
            f"round, {round_physicians:,} physicians × {len(bench_trip_ids):,} trips × 10 choices, run_match_round "
            f"in a fresh process, start-up included: {elapsed:.1f} s (target < 10 s), peak memory (VmHWM) "
            f"{peak / 1024:,.0f} MiB (target < 1,024 MiB)"
        )
