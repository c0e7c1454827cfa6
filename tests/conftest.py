import os

import pytest

import tests.hypothesis_profiles  # noqa: F401  (loads the `ci` or `dev` profile before any test)
from tests.factories import TEST_PASSWORD, MembershipFactory, OrganizationFactory, PhysicianProfileFactory, UserFactory


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
    """Each test's database starts anew (its engine-input generation too), so no test may
    see the trip-feature store another one built."""
    from matching.trip_store import trip_store_forget

    trip_store_forget()
    yield
    trip_store_forget()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps rate limits in the cache: start every test with a clean one."""
    from django.core.cache import cache

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
    if any(marker in report.keywords for marker in MUST_RUN_IN_CI) or (
        "postgres" in report.keywords and _on_postgresql()
    ):
        _ci_skips.append(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    for nodeid in _ci_skips:
        terminalreporter.write_line(f"CI: skipped a test that must run here: {nodeid}", red=True)


def pytest_sessionfinish(session, exitstatus):
    if _ci_skips and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
