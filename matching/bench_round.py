"""Benchmark a national-scale match round on the pure-Python engine.

    python -m matching.bench_round --physicians 100000 --trips 20000 --preferences 10

Runs in its own process so the peak resident memory it prints is the round's own.
Popularity is skewed (a few trips are ranked by many physicians), as in real matches,
which makes deferred acceptance work harder than uniform choices would. Deferred
acceptance is given its input as `RoundColumns`, the id columns the real round reads
from the database; the generated dicts are laid out as columns once, outside the timing.
"""

import argparse
import random
import resource
import statistics
import sys
import time

from matching.engine.rounds import RoundColumns, RoundInput, blocking_pairs, run_round


def build_input(*, physicians, trips, preferences, specialties=16, seed=1):
    rng = random.Random(seed)
    trip_ids = list(range(1, trips + 1))
    capacities = {}
    trip_specialties = {}
    for trip in trip_ids:
        needed = rng.sample(range(1, specialties + 1), rng.randint(1, 3))
        trip_specialties[trip] = needed
        for specialty in needed:
            capacities[(trip, specialty)] = rng.randint(1, 4)
    # Trips that need a specialty, so physicians rank trips they could actually fill.
    by_specialty = {}
    for trip, needed in trip_specialties.items():
        for specialty in needed:
            by_specialty.setdefault(specialty, []).append(trip)
    physician_preferences, physician_specialties = {}, {}
    applicants = {trip: [] for trip in trip_ids}
    for physician in range(1, physicians + 1):
        own = rng.sample(range(1, specialties + 1), rng.randint(1, 2))
        physician_specialties[physician] = tuple(own)
        pools = [by_specialty[s] for s in own if by_specialty.get(s)]
        available = len({t for pool in pools for t in pool}) if len(pools) > 1 else sum(len(p) for p in pools)
        chosen = []
        seen = set()
        while len(chosen) < min(preferences, available):
            pool = pools[rng.randrange(len(pools))]
            # Skewed popularity: low indices of the pool are picked far more often.
            trip = pool[int(len(pool) * rng.random() ** 2)]
            if trip not in seen:
                seen.add(trip)
                chosen.append(trip)
        physician_preferences[physician] = tuple(chosen)
        for trip in chosen:
            applicants[trip].append(physician)
    trip_rankings = {}
    for trip, people in applicants.items():
        rng.shuffle(people)
        trip_rankings[trip] = tuple(people)
    return RoundInput(physician_preferences, physician_specialties, trip_rankings, capacities)


def read_columns_once(columns):
    """One pass that merely reads the round's columns: every id of every column, once, as a
    Python int: the least any Python algorithm over this input does. Deferred acceptance over the same
    columns is measured against it."""
    seen = 0
    for column in columns.id_arrays():
        for _value in column.tolist():
            seen += 1
    return seen


def sum_columns_once(columns):
    """Every column summed by numpy: the least array work that touches each id."""
    return sum(int(column.sum()) for column in columns.id_arrays())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--physicians", type=int, default=100_000)
    parser.add_argument("--trips", type=int, default=20_000)
    parser.add_argument("--preferences", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5, help="repetitions of each timing (medians are printed)")
    parser.add_argument("--verify", action="store_true", help="also check stability (slow at full scale)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    round_input = build_input(physicians=args.physicians, trips=args.trips, preferences=args.preferences)
    built = time.perf_counter() - started
    started = time.perf_counter()
    columns = RoundColumns.of(round_input)
    laid_out = time.perf_counter() - started
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Interleaved repetitions, medians: one run of either is at the mercy of whatever else
    # the machine runs at that moment.
    rounds, reads, round_cpu, read_cpu, sums = [], [], [], [], []
    for _repetition in range(args.repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = run_round(columns)
        rounds.append(time.perf_counter() - started)
        round_cpu.append(time.process_time() - cpu)
        started, cpu = time.perf_counter(), time.process_time()
        read_columns_once(columns)
        reads.append(time.perf_counter() - started)
        read_cpu.append(time.process_time() - cpu)
        started = time.perf_counter()
        sum_columns_once(columns)
        sums.append(time.perf_counter() - started)
    elapsed, reading = statistics.median(rounds), statistics.median(reads)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    places = sum(round_input.capacities.values())
    print(
        f"round: {args.physicians:,} physicians × {args.trips:,} trips × {args.preferences} preferences, "
        f"{places:,} places: matched {len(result.assignments):,}, unmatched {len(result.unmatched):,}"
    )
    print(
        f"round: input built in {built:.1f} s, laid out as columns in {laid_out:.2f} s (not timed below); "
        f"deferred acceptance {elapsed:.2f} s (median); "
        f"peak memory {peak_mib:,.0f} MiB (before the round {before / 1024:,.0f} MiB)"
    )
    print(
        f"round: deferred acceptance over the columns alone {elapsed:.2f} s vs one pass that merely reads "
        f"every id of the same columns in Python "
        f"{reading:.2f} s (×{elapsed / reading:.1f}; target within ×5), medians of {args.repeat} interleaved runs "
        f"(deferred acceptance {min(rounds):.2f}–{max(rounds):.2f} s, read {min(reads):.2f}–{max(reads):.2f} s); "
        f"CPU time {statistics.median(round_cpu):.2f} s vs {statistics.median(read_cpu):.2f} s "
        f"(×{statistics.median(round_cpu) / statistics.median(read_cpu):.1f}); numpy summing every column "
        f"{statistics.median(sums) * 1000:.1f} ms (median)"
    )
    if args.verify:
        started = time.perf_counter()
        blocking = blocking_pairs(round_input, result)
        print(f"round: stability check {time.perf_counter() - started:.1f} s, blocking pairs: {len(blocking)}")
        return 1 if blocking else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
