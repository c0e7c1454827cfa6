"""Build the process's trip- and physician-feature stores before it serves anyone.

A store is built on the first request that needs it: seconds at national scale, paid by
whichever visitor comes first to each new app-server process. The gunicorn hook
(`portal/gunicorn_config.py`) calls `warm_stores` in each worker before it accepts
connections, so a worker joins only once its stores are current and the first visitors
meet warm ones; the other workers keep serving meanwhile."""

import logging
import time

from django.db import connections

from .selectors import trip_features_current, volunteer_features_current

logger = logging.getLogger(__name__)

STORES = (("trip features", trip_features_current), ("physician features", volunteer_features_current))


def warm_stores():
    """Build both stores as of the database's generations now; returns the seconds each
    took. Never raises: a worker that cannot reach the database at boot still starts (its
    pages answer 503 until the database is back, then build the stores on demand). The
    connection this thread opened is closed: request threads open their own."""
    took = {}
    try:
        for name, build in STORES:
            started = time.perf_counter()
            build()
            took[name] = time.perf_counter() - started
    except Exception:
        logger.exception("Warming the matching stores failed; they will be built on demand")
    finally:
        connections.close_all()
    logger.info("Stores warm: %s", ", ".join(f"{name} {seconds:.1f} s" for name, seconds in took.items()) or "none")
    return took
