"""The per-process trip-feature store: every trip that may be matched, as engine columns.

Kept for the life of the process and replaced whole: a request compares the database's
engine-input generation (one query, see `generation.py`) with the store's and, when they
differ, a new snapshot is made and swapped in. A thread holds one immutable snapshot for
its request, never half of two.

A new snapshot re-reads only what changed when it can: the generations since the store's
name the trips and organizations they touched, so those trips are read again (a fixed
number of set-based queries over a few rows; two when no organization was named, whose
evidence the old store still holds) and patched in (`TripFeatures.replaced`: the new store
shares every column and row the change left as it was), which costs milliseconds where a
rebuild costs seconds at national scale. It is
built whole on the first request, on a new day, after a change that names nothing (a
bulk write), when the changes are no longer all kept, or when a re-read trip needs a
column the store lacks (a specialty, language or country no other trip had).

A store is built for one day: deadlines and dates are still checked against the day of
each request by the engine, and a new day starts a new store (dropping trips that closed)."""

import threading
import time
from dataclasses import dataclass
from datetime import date

import numpy as np

from .engine import TripFeatures


@dataclass(frozen=True)
class TripStoreSnapshot:
    generation: int
    built_on: date
    features: TripFeatures
    build_seconds: float
    refreshed: bool = False  # made from the previous snapshot and the changed rows only


_current = None
_building = threading.Lock()


def _fresh(snapshot, generation, today):
    return snapshot is not None and snapshot.generation == generation and snapshot.built_on == today


def trip_store_snapshot(*, generation, today, offers, changes=None, offers_of=None):
    """The process's snapshot for (`generation`, `today`). When the one held is of another
    generation or day: refreshed from `changes(since, up_to)` ((trip ids, organization ids)
    or None) and `offers_of(trip_ids, organization_ids, known_evidence)` (the current offers
    of those trips and of those organizations' trips; `known_evidence(ids)` gives the
    store's evidence of organizations the changes did not name) where it can be, else built
    from `offers()`."""
    global _current
    snapshot = _current
    if _fresh(snapshot, generation, today):
        return snapshot
    with _building:  # one thread builds; the others wait for its snapshot
        previous = _current
        if _fresh(previous, generation, today):
            return previous
        started = time.perf_counter()
        features = None
        if (
            changes is not None
            and previous is not None
            and previous.built_on == today
            and previous.generation < generation
        ):
            changed = changes(previous.generation, generation)
            if changed is not None:
                trip_ids, organization_ids = changed
                old = previous.features
                affected = set(trip_ids) | set(
                    old.ids[np.isin(old.organization_ids, list(organization_ids))].tolist() if organization_ids else ()
                )
                # Organizations the changes did not name kept their evidence: the store's copy is current.
                named = set(organization_ids)

                def known_evidence(ids, old=old, named=named):
                    return old.evidence_of(set(ids) - named)

                features = old.replaced(affected, offers_of(trip_ids, organization_ids, known_evidence))
        refreshed = features is not None
        if features is None:
            features = TripFeatures.from_offers(offers())
        _ = features.one_volunteer  # laid out with the store, not by the first request that ranks
        snapshot = _current = TripStoreSnapshot(
            generation, today, features, time.perf_counter() - started, refreshed=refreshed
        )
    return snapshot


def trip_store_forget():
    """Drop the process's store: the next request builds one (tests start from none)."""
    global _current
    _current = None
