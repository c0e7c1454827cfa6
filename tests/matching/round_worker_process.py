"""A Celery worker process for tests/matching/test_round_worker.py, on the broker and
database given in the environment. With ROUND_WORKER_STALL_AFTER_WRITING=path it stalls
inside the round's transaction right after writing the results (and touches `path`), so
the test can kill it there."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django  # noqa: E402  (after the path and settings it needs)

django.setup()

import matching.services  # noqa: E402
from portal.celery import app  # noqa: E402

stall_marker = os.environ.get("ROUND_WORKER_STALL_AFTER_WRITING")
if stall_marker:
    write_results = matching.services.assignments_write

    def write_then_stall(*args, **kwargs):
        write_results(*args, **kwargs)
        Path(stall_marker).touch()
        time.sleep(600)

    matching.services.assignments_write = write_then_stall

app.conf.broker_transport_options = {
    "visibility_timeout": 3,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
app.worker_main(["worker", "--pool", "solo", "--loglevel", "WARNING", "--without-gossip", "--without-mingle"])
