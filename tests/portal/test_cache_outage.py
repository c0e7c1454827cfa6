"""A cache that is down or hangs: log-in, the API and the matches page keep working, each
cache call waits at most 0.25 s, the outage is logged, and lock-outs (in the database) hold.

Two fakes on the loopback interface: a port where nothing listens (connection refused), and
a server that accepts connections and never answers (every read would wait forever)."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

import portal.cache
from tests.factories import TEST_PASSWORD, PhysicianProfileFactory, TripFactory

ROOT = Path(__file__).resolve().parents[2]


def free_loopback_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def refusing_url():
    return f"redis://127.0.0.1:{free_loopback_port()}/0"


@pytest.fixture
def hanging_url():
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted, stop = [], threading.Event()

    def accept_and_say_nothing():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept_and_say_nothing, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture(params=["refusing", "hanging"])
def broken_cache(request, settings):
    url = request.getfixturevalue(f"{request.param}_url")
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    portal.cache._unavailable_until.clear()
    yield request.param
    portal.cache._unavailable_until.clear()


def test_redis_urls_get_the_fail_open_backend_with_short_timeouts():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(SECRET_KEY="x", CACHE_URL="redis://127.0.0.1:6379/3")
    code = "import json; from portal import settings; print(json.dumps(settings.CACHES['default']))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    config = json.loads(result.stdout)
    assert config["BACKEND"] == "portal.cache.ResilientRedisCache"
    assert 0 < config["OPTIONS"]["socket_connect_timeout"] <= 0.25
    assert 0 < config["OPTIONS"]["socket_timeout"] <= 0.25


def timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


@pytest.mark.django_db
def test_pages_and_the_api_work_without_the_cache(client, broken_cache, organization, caplog):
    physician = PhysicianProfileFactory(languages={"es": 3})
    trip = TripFactory(open=True, organization=organization, languages=["es"])
    assert cache.get("anything", "default") == "default"  # answers "nothing cached", does not raise

    login, login_time = timed(
        lambda: client.post(reverse("account_login"), {"login": physician.user.email, "password": TEST_PASSWORD})
    )
    assert login.status_code == 302 and client.session["_auth_user_id"] == str(physician.user.pk)
    page, page_time = timed(lambda: client.get(reverse("matching:mine")))
    assert page.status_code == 200 and trip.title in page.content.decode()
    client.logout()

    token_response, token_time = timed(
        lambda: client.post("/api/v1/auth/token/", {"username": physician.user.email, "password": TEST_PASSWORD})
    )
    assert token_response.status_code == 200
    auth = {"HTTP_AUTHORIZATION": f"Token {token_response.json()['token']}"}
    matches, matches_time = timed(lambda: client.get("/api/v1/matches/", **auth))
    assert matches.status_code == 200 and [m["id"] for m in matches.json()["results"]] == [trip.pk]
    anonymous, anonymous_time = timed(lambda: client.get("/api/v1/trips/"))
    assert anonymous.status_code == 200

    # One timeout at most, then the cache is left alone for CACHE_RETRY_SECONDS.
    assert login_time + page_time + token_time + matches_time + anonymous_time < 3
    assert "Cache unavailable" in caplog.text


@pytest.mark.django_db
def test_lock_outs_hold_without_the_cache(client, broken_cache, settings):
    physician = PhysicianProfileFactory()
    statuses = [
        client.post("/api/v1/auth/token/", {"username": physician.user.email, "password": "wrong"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    right = client.post("/api/v1/auth/token/", {"username": physician.user.email, "password": TEST_PASSWORD})
    assert right.status_code == 429


def test_the_cache_is_asked_again_after_the_retry_interval(settings, refusing_url, caplog):
    settings.CACHES = {"default": {"BACKEND": "portal.cache.ResilientRedisCache", "LOCATION": refusing_url}}
    settings.CACHE_RETRY_SECONDS = 0.2
    portal.cache._unavailable_until.clear()
    try:
        assert cache.add("k", 1) is True and cache.incr("k") is None and cache.get_many(["k"]) == {}
        assert caplog.text.count("Cache unavailable") == 1  # logged once per outage, not per call
        time.sleep(0.25)
        assert cache.get("k") is None
        assert caplog.text.count("Cache unavailable") == 2
    finally:
        portal.cache._unavailable_until.clear()
