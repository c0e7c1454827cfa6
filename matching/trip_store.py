"""The per-process trip-feature store: every trip that may be matched, as engine columns.

Kept for the life of the process and replaced whole: a request compares the database's
engine-input generation (one query, see `generation.py`) with the store's and, when they
differ, a new store is built (`selectors.trip_features_current` supplies the offers, from
a fixed number of set-based queries) and swapped in. A thread holds one immutable
snapshot for its request, never half of two.

A change rebuilds the whole store rather than patching the rows it touched: a write can
change many trips at once (an organization's evidence is read by all its trips, a
suspension hides them all), the generation does not say which rows changed, and a
rebuild is a few set-based queries plus array building (`bench_matching` prints how long
it takes at each size and how much memory the store holds).

A store is built for one day: deadlines and dates are still checked against the day of
each request by the engine, and a new day starts a new store (dropping trips that closed)."""

import threading
import time
from dataclasses import dataclass
from datetime import date

from .engine import TripFeatures


@dataclass(frozen=True)
class TripStoreSnapshot:
    generation: int
    built_on: date
    features: TripFeatures
    build_seconds: float


_current = None
_building = threading.Lock()


def _fresh(snapshot, generation, today):
    return snapshot is not None and snapshot.generation == generation and snapshot.built_on == today


def trip_store_snapshot(*, generation, today, offers):
    """The process's snapshot for (`generation`, `today`), built from `offers()` (a callable
    returning engine `TripOffer`s) when the one held is of another generation or day."""
    global _current
    snapshot = _current
    if _fresh(snapshot, generation, today):
        return snapshot
    with _building:  # one thread builds; the others wait for its snapshot
        snapshot = _current
        if not _fresh(snapshot, generation, today):
            started = time.perf_counter()
            features = TripFeatures.from_offers(offers())
            snapshot = _current = TripStoreSnapshot(generation, today, features, time.perf_counter() - started)
    return snapshot


def trip_store_forget():
    """Drop the process's store: the next request builds one (tests start from none)."""
    global _current
    _current = None
