import os
import time
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.utils import translation

import tests.hypothesis_profiles  # noqa: F401  (loads the `ci` or `dev` profile before any test)
from i18n.catalogues import compile_po, po_files
from matching.trip_store import trip_store_forget
from matching.volunteer_store import volunteer_store_forget
from portal.celery import app
from tests.factories import TEST_PASSWORD, MembershipFactory, OrganizationFactory, PhysicianProfileFactory, UserFactory
from trips.search_form import search_form_forget


def _sqlite_readers_take_no_table_locks(sender, connection, **kwargs):
    """The SQLite test database is one shared-cache in-memory database, where a writer meets
    SQLITE_LOCKED at once (no busy wait) while another connection reads the table: a test
    polling for a worker thread's result could make that worker's write fail. Readers that
    take no table locks (read_uncommitted, meaningful only in shared-cache mode) leave the
    writer alone; production's file database waits instead."""
    if connection.vendor == "sqlite":
        connection.connection.execute("PRAGMA read_uncommitted = 1")


connection_created.connect(_sqlite_readers_take_no_table_locks)


def pytest_sessionstart(session):
    """The .mo catalogues are not committed: build stale ones before any test translates, so
    running pytest directly (not through `make test`) tests the current .po files."""
    for po in po_files([Path(__file__).resolve().parent.parent / "locale"]):
        compile_po(po)


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    """LocaleMiddleware activates each request's language and nothing deactivates it, so a
    test's Spanish request would leave Spanish active for the next test in the worker."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def admin_user(db):
    return UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def physician(db):
    return PhysicianProfileFactory()


@pytest.fixture
def physician_client(client, physician):
    client.force_login(physician.user)
    return client


@pytest.fixture
def organization(db):
    return OrganizationFactory(verified=True, strong_evidence=True)


@pytest.fixture
def member(organization):
    return MembershipFactory(organization=organization).user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture(autouse=True)
def _no_trip_store():
    """Each test's database starts anew (its engine-input generations too), so no test may
    see the trip- or physician-feature store (or the search form's markup) another one built."""
    trip_store_forget()
    volunteer_store_forget()
    search_form_forget()
    yield
    trip_store_forget()
    volunteer_store_forget()
    search_form_forget()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate limits in the cache: start every test with a clean one."""
    cache.clear()
    yield
    cache.clear()


# --- In CI nothing skips silently -------------------------------------------------
# Locally a browser, PostgreSQL-only or broker test may skip with its one-line reason; with CI set,
# such a skip fails the run, so a missing Chromium, database or broker cannot pass unnoticed.
MUST_RUN_IN_CI = ("browser", "broker")
_ci_skips = []


def _on_postgresql():
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "pgsql://"))


def pytest_runtest_logreport(report):
    if not os.environ.get("CI") or not report.skipped:
        return
    if "postgres" in report.keywords:
        # A PostgreSQL-only test (broker or not) skips on the SQLite pass and must run on the PostgreSQL one.
        if _on_postgresql():
            _ci_skips.append(report.nodeid)
        return
    if any(marker in report.keywords for marker in MUST_RUN_IN_CI):
        _ci_skips.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    for nodeid in _ci_skips:
        terminalreporter.write_line(f"CI: skipped a test that must run here: {nodeid}", red=True)


def pytest_sessionfinish(session, exitstatus):
    if _ci_skips and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- The real broker ------------------------------------------------------------------
# Redis databases 10-15, one per xdist worker, so parallel broker tests never share a queue.
BROKER_REDIS_DATABASES = range(10, 16)


def point_celery_at(**conf):
    """Reconfigure the Celery app (broker, eager mode). Celery keeps its connection and
    producer pools for the app's lifetime, so both are dropped to take the new broker, as
    Celery drops them after a fork. Not `app.close()`: it also unregisters the app, and a
    tasks module imported after that registers none of its tasks (NotRegistered)."""
    app._pool = None
    app.amqp._producer_pool = None
    app.conf.update(**conf)


@pytest.fixture
def broker_down():
    """The app publishes to a broker nobody listens on (port 1): as during an outage."""
    before = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    point_celery_at(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    yield
    point_celery_at(**before)


def broker_test_url():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    host = os.environ.get("CELERY_TEST_REDIS", "redis://127.0.0.1:6379")
    return f"{host}/{BROKER_REDIS_DATABASES[index % len(BROKER_REDIS_DATABASES)]}"


@pytest.fixture
def redis_broker(settings):
    """Celery publishes to a real Redis broker (its own database, emptied) instead of running
    tasks eagerly; skips with the reason when Redis is unreachable (a failure in CI)."""
    url = broker_test_url()
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis broker not reachable at {url}: {error}")
    client.flushdb()
    before = {name: app.conf[name] for name in ("broker_url", "task_always_eager", "broker_transport_options")}
    point_celery_at(
        broker_url=url,
        task_always_eager=False,
        # Short, so a task whose worker died is handed out again within seconds.
        broker_transport_options={
            "visibility_timeout": 3,
            "unacked_restore_interval": 1,
            "unacked_restore_throttle": 1,
        },
    )
    settings.CELERY_BROKER_URL = url
    yield url
    point_celery_at(**before)
    client.flushdb()
    client.close()


@pytest.fixture
def celery_worker_thread(redis_broker):
    """A Celery worker in a thread of this process (celery.contrib.testing), on the test broker."""
    app.loader.import_default_modules()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30) as worker:
        yield worker


def wait_for(predicate, *, timeout=30.0, interval=0.1):
    """Poll until `predicate()` is true; fail with a clear message after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    pytest.fail(f"gave up waiting after {timeout:g} s")


@pytest.fixture(autouse=True)
def _private_files_in_tmp(settings, tmp_path):
    """Uploaded credential documents go to this test's temporary directory, never the tree."""
    settings.STORAGES = {
        **settings.STORAGES,
        "credentials": {
            "BACKEND": "credentials.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "credentials")},
        },
    }
