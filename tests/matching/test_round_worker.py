"""Rounds carried out by real Celery workers on the Redis broker: one in a thread, and one
in a process killed in the middle of writing the results (PostgreSQL)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.urls import reverse

from matching.jobs import round_job_enqueue
from matching.models import MatchAssignment, RoundJob, RoundJobKind, RoundJobState
from matching.services import match_round_run
from portal.celery import app
from tests.conftest import wait_for

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

CHANGELIST = "admin:matching_matchround_changelist"
WORKER_SCRIPT = Path(__file__).with_name("round_worker_process.py")


def assignments():
    return sorted(MatchAssignment.objects.values_list("physician_id", "trip_id", "specialty_id", "preference_rank"))


def state_of(job_id):
    """The job's state, or None while the worker thread holds a write lock: the SQLite test
    database is one shared-cache in-memory database, where a reader meets SQLITE_LOCKED at
    once instead of waiting (PostgreSQL, and a file database in production, just wait)."""
    try:
        return RoundJob.objects.get(pk=job_id).state
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        return None


def test_a_worker_runs_the_round_the_admin_queued(setting, admin_client, redis_broker):
    match_round = setting[0]
    match_round_run(match_round=match_round)
    synchronous = assignments()
    MatchAssignment.objects.all().delete()

    response = admin_client.post(
        reverse(CHANGELIST), {"action": "run_round", "_selected_action": [match_round.pk]}, follow=True
    )
    assert "is queued" in response.content.decode()
    job = RoundJob.objects.get()
    page = admin_client.get(reverse("admin:matching_matchround_change", args=[match_round.pk])).content.decode()
    assert "Queued: waiting for a worker." in page and 'http-equiv="refresh"' in page

    app.loader.import_default_modules()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30):
        wait_for(lambda: state_of(job.pk) == RoundJobState.DONE)
    page = admin_client.get(reverse("admin:matching_matchround_change", args=[match_round.pk])).content.decode()
    assert "Done: 3 of 3 physicians matched to 3 places" in page and 'http-equiv="refresh"' not in page
    assert assignments() == synchronous


def worker_process(broker_url, **env):
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return subprocess.Popen(
        [sys.executable, str(WORKER_SCRIPT)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": broker_url, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.postgres
def test_a_worker_killed_while_writing_leaves_no_half_written_round_and_the_task_completes(
    setting, redis_broker, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a worker process and the test share the database")

    match_round = setting[0]
    match_round_run(match_round=match_round)
    earlier = list(MatchAssignment.objects.order_by("pk").values_list("pk", "physician_id", "trip_id"))
    marker = tmp_path / "written"
    job = round_job_enqueue(match_round=match_round, kind=RoundJobKind.RUN)

    doomed = worker_process(redis_broker, ROUND_WORKER_STALL_AFTER_WRITING=str(marker))
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        wait_for(marker.exists, timeout=60)
        # The results are written inside the round's transaction, not yet committed: the
        # progress (written outside it) says so, and another connection still sees the earlier results.
        with other.cursor() as cursor:
            cursor.execute("SELECT state, phase FROM matching_roundjob WHERE id = %s", [job.pk])
            assert cursor.fetchone() == ("running", "writing")
            cursor.execute("SELECT id, physician_id, trip_id FROM matching_matchassignment ORDER BY id")
            assert cursor.fetchall() == earlier
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=30)
    finally:
        other.close()
        if doomed.poll() is None:
            doomed.kill()
    assert list(MatchAssignment.objects.order_by("pk").values_list("pk", "physician_id", "trip_id")) == earlier
    assert state_of(job.pk) == RoundJobState.RUNNING

    # The broker hands the unacknowledged task to the next worker once its visibility timeout passes.
    healthy = worker_process(redis_broker)
    try:
        wait_for(lambda: state_of(job.pk) == RoundJobState.DONE, timeout=90, interval=0.5)
    finally:
        healthy.terminate()
        _out, errors = healthy.communicate(timeout=30)
    rerun = list(MatchAssignment.objects.order_by("pk").values_list("pk", "physician_id", "trip_id"))
    assert [row[1:] for row in rerun] == [row[1:] for row in earlier]  # the same, deterministic result
    assert {row[0] for row in rerun}.isdisjoint(row[0] for row in earlier), errors  # written afresh
