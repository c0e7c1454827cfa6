"""Benchmark the real match-round path: `match_round_run` on the scratch database.

Unlike `bench_round` (the engine alone on generated dataclasses), this measures what an
admin's click costs: reading preferences, rankings and places, the engine's order of
applicants for trips whose organization did not rank (every physician and trip loaded
and scored), deferred acceptance, and writing the assignments. Called by
`manage.py bench_matching`; the measurement runs in its own process so the peak memory
it prints is the round's own.
"""

import random
import resource
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection, transaction

from physicians.models import AvailabilityWindow, PhysicianProfile
from trips.models import Trip, TripSpecialtyNeed

from .models import MatchPreference, MatchRound, TripApplicantRanking
from .services import match_round_run

ROUND_NAME = "Bench round"


def preferences_generate(*, physicians, preferences=10, seed=1, log=print):
    """A fresh bench round: the first `physicians` bench physicians each rank up to
    `preferences` open bench trips that need one of their specialties and overlap their
    availability, with skewed popularity; organizations rank the applicants of every
    other trip themselves, the rest take the engine's order. Returns the round."""
    rng = random.Random(seed)
    MatchRound.objects.filter(name=ROUND_NAME).delete()
    trips = dict(
        (pk, (start.toordinal(), end.toordinal()))
        for pk, start, end in Trip.objects.accepting_applications()
        .filter(title__startswith="Bench trip")
        .values_list("pk", "start_date", "end_date")
    )
    by_specialty = {}
    for trip_id, specialty_id in TripSpecialtyNeed.objects.filter(trip_id__in=list(trips)).values_list(
        "trip_id", "specialty_id"
    ):
        by_specialty.setdefault(specialty_id, []).append(trip_id)
    for pool in by_specialty.values():
        pool.sort()
    people = list(
        PhysicianProfile.objects.filter(user__username__endswith="@bench.invalid")
        .order_by("id")
        .values_list("id", "primary_specialty_id")[:physicians]
    )
    ids = [pk for pk, _primary in people]
    specialties = {pk: [primary] if primary else [] for pk, primary in people}
    through = PhysicianProfile.other_specialties.through.objects.filter(physicianprofile_id__in=ids)
    for pk, specialty_id in through.values_list("physicianprofile_id", "specialty_id"):
        specialties[pk].append(specialty_id)
    windows = {}
    for pk, start, end in AvailabilityWindow.objects.filter(physician_id__in=ids).values_list(
        "physician_id", "start_date", "end_date"
    ):
        windows.setdefault(pk, []).append((start.toordinal(), end.toordinal()))

    with transaction.atomic():
        match_round = MatchRound.objects.create(name=ROUND_NAME)
        rows, applicants = [], {}
        for pk in ids:
            pools = [by_specialty[s] for s in specialties[pk] if by_specialty.get(s)]
            if not pools:
                continue
            chosen, seen = [], set()
            for _attempt in range(preferences * 20):
                if len(chosen) == preferences:
                    break
                pool = pools[rng.randrange(len(pools))]
                trip_id = pool[int(len(pool) * rng.random() ** 2)]  # a few trips are very popular
                start, end = trips[trip_id]
                if trip_id in seen or not any(a <= end and b >= start for a, b in windows.get(pk, ())):
                    continue
                seen.add(trip_id)
                chosen.append(trip_id)
            for rank, trip_id in enumerate(chosen, start=1):
                rows.append(MatchPreference(match_round=match_round, physician_id=pk, trip_id=trip_id, rank=rank))
                applicants.setdefault(trip_id, []).append(pk)
        MatchPreference.objects.bulk_create(rows, batch_size=5000)
        rankings = []
        for trip_id, people_for_trip in sorted(applicants.items()):
            if trip_id % 2:
                continue  # odd trips: the engine orders their applicants
            rng.shuffle(people_for_trip)
            rankings.extend(
                TripApplicantRanking(match_round=match_round, trip_id=trip_id, physician_id=pk, rank=rank)
                for rank, pk in enumerate(people_for_trip, start=1)
            )
        TripApplicantRanking.objects.bulk_create(rankings, batch_size=5000)
    if connection.vendor == "postgresql":
        # What autovacuum would do in the next minutes (a bench server may run without it, or
        # run it during the measurement): the planner's statistics for the new rows, without
        # which it loops over indexes for a million rows, and the earlier bench round's million
        # deleted rows cleared from the tables and indexes the round reads.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    log(
        f"  bench round: {len(ids):,} physicians made {len(rows):,} choices among {len(applicants):,} trips; "
        f"organizations of half those trips ranked their applicants ({len(rankings):,} rankings), "
        "the engine orders the rest"
    )
    return match_round


def peak_memory_kib():
    """Peak resident memory of this process, in KiB. Linux's VmHWM where there is one:
    ru_maxrss survives exec, so a process the bench starts reports the bench's own peak
    (a million preference objects built to store the round) and hides the round's."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure_command(*, round_id, env=None, write=print):
    """`manage.py run_match_round <id>` as an admin runs it, in a fresh process: wall time
    from start to exit (Python, Django and the command's start-up included) and that
    process's own peak memory (its VmHWM, printed by the process itself as it ends)."""
    script = (
        "import os, sys, django; sys.path.insert(0, os.getcwd()); "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'portal.settings'); django.setup(); "
        "from django.core.management import call_command; "
        f"call_command('run_match_round', '{int(round_id)}'); "
        "from matching.bench_db_round import peak_memory_kib; print('VmHWM', peak_memory_kib())"
    )
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    peak = int(done.stdout.rsplit("VmHWM", 1)[1].split()[0])
    write(done.stdout.rsplit("VmHWM", 1)[0].strip())
    # On a shared machine the wall time includes waiting for a core; the process's own CPU
    # time does not (the database server's, on PostgreSQL, is not in it either).
    write(f"process CPU time (user + system) {cpu:.1f} s of {elapsed:.1f} s")
    return elapsed, peak


def measure(*, round_id, write=print):
    """Run `match_round_run` once on the stored bench round and print wall time, SQL
    queries and peak resident memory of this process."""
    match_round = MatchRound.objects.get(pk=round_id)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(1)
        return execute(sql, params, many, context)

    before = peak_memory_kib()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        match_round_run(match_round=match_round)
    elapsed = time.perf_counter() - started
    peak = peak_memory_kib()
    summary = match_round.summary
    write(
        f"round (match_round_run): {summary['physicians']:,} physicians, {summary['places']:,} places: "
        f"matched {summary['matched']:,}, unmatched {summary['unmatched']:,}"
    )
    write(
        f"round (match_round_run): {elapsed:.2f} s, {len(queries)} SQL queries, peak memory {peak / 1024:,.0f} MiB "
        f"(process before the round {before / 1024:,.0f} MiB)"
    )
    return elapsed, peak
