"""The per-process physician-feature store: every physician, as engine columns.

The trip-feature store's twin (`trip_store.py`): kept for the life of the process and
replaced whole. A request compares the database's volunteer-input generation (one query,
see `generation.py`) with the store's; when they differ a new snapshot is made and swapped
in, so a thread holds one immutable snapshot for its request, never half of two.

A new snapshot re-reads only the physicians the generations since name (five set-based
queries over those rows, joined to the unchanged rows of the old arrays: milliseconds)
unless rebuilding is cheaper or required: on the first request, after a change that names
no one (a bulk write), when the changes are no longer all kept, or when more than
`REFRESH_SHARE` of the store (and more than `REFRESH_ALWAYS` physicians) changed: re-reading
that many rows by id and joining them costs about what reading them all does. Nothing in
it depends on the day: the trip's deadline and dates are checked against each request's
day by the engine."""

import threading
import time
from dataclasses import dataclass

from .engine import VolunteerFeatures

REFRESH_SHARE = 0.2
REFRESH_ALWAYS = 16


@dataclass(frozen=True)
class VolunteerStoreSnapshot:
    generation: int
    features: VolunteerFeatures
    build_seconds: float
    refreshed: bool = False  # made from the previous snapshot and the changed rows only


_current = None
_building = threading.Lock()


def volunteer_store_snapshot(*, generation, rows, changes=None, rows_of=None):
    """The process's snapshot for `generation`. When the one held is older: refreshed from
    `changes(since, up_to)` (the changed physicians' ids, or None) and `rows_of(ids)`
    (those physicians' current `PhysicianRows`, the deleted ones missing) where it can be,
    else built from `rows()`."""
    global _current
    snapshot = _current
    if snapshot is not None and snapshot.generation == generation:
        return snapshot
    with _building:  # one thread builds; the others wait for its snapshot
        previous = _current
        if previous is not None and previous.generation == generation:
            return previous
        started = time.perf_counter()
        features = None
        if changes is not None and previous is not None and previous.generation < generation:
            changed = changes(previous.generation, generation)
            if changed is not None and len(changed) <= max(REFRESH_SHARE * len(previous.features), REFRESH_ALWAYS):
                features = previous.features.replaced(changed, rows_of(changed))
        refreshed = features is not None
        if features is None:
            features = VolunteerFeatures.from_rows(rows())
        _ = features.one_trip  # laid out with the store, not by the first request that ranks for a trip
        snapshot = _current = VolunteerStoreSnapshot(
            generation, features, time.perf_counter() - started, refreshed=refreshed
        )
    return snapshot


def volunteer_store_forget():
    """Drop the process's store: the next request builds one (tests start from none)."""
    global _current
    _current = None
