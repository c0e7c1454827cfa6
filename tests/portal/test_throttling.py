"""The API's throttles count atomically: concurrent clients cannot slip past a limit (DRF's own
throttles, a read-modify-write of a timestamp list, let 140 of 300 through a 120/minute limit
under 8 clients). On Redis (database 3, a key prefix of this run's own) and on the
per-process memory cache."""

import threading
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import RequestFactory
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from portal.throttling import AtomicAnonRateThrottle, AtomicCounterMixin

REDIS_URL = "redis://127.0.0.1:6379/3"
CLIENTS, REQUESTS_EACH, LIMIT = 8, 25, 60


def redis_available():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.25).ping()
    except redis.exceptions.RedisError:
        return False


def allowed_under_concurrency(throttle_class):
    request = Request(RequestFactory().get("/api/v1/trips/", REMOTE_ADDR="203.0.113.9"))
    start, allowed, lock = threading.Barrier(CLIENTS), [], threading.Lock()

    def client():
        start.wait()
        mine = sum(throttle_class().allow_request(request, None) for _ in range(REQUESTS_EACH))
        with lock:
            allowed.append(mine)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(allowed)


def throttle_on(cache_alias):
    class Throttle(AtomicAnonRateThrottle):
        cache = caches[cache_alias]

        def get_rate(self):
            return f"{LIMIT}/hour"

    return Throttle


@pytest.fixture
def redis_cache(settings):
    if not redis_available():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    settings.CACHES = {
        **settings.CACHES,
        "throttle-test": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"throttle-test-{uuid.uuid4().hex}",
        },
    }
    yield "throttle-test"
    caches["throttle-test"].clear()


@pytest.mark.broker  # needs the real Redis: a skip fails CI
def test_concurrent_clients_get_exactly_the_limit_on_redis(redis_cache):
    assert allowed_under_concurrency(throttle_on(redis_cache)) == LIMIT


def test_concurrent_clients_get_exactly_the_limit_on_the_memory_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "throttle-test": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex},
    }
    assert allowed_under_concurrency(throttle_on("throttle-test")) == LIMIT


def test_the_answer_says_when_the_window_ends():
    class Clock(AtomicCounterMixin):
        duration, window_ends_at = 60, 120.0

        def timer(self):
            return 100.0

    assert Clock().wait() == 20.0


@pytest.mark.django_db
def test_api_requests_past_the_limit_are_429_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**SimpleRateThrottle.THROTTLE_RATES, "anon": "3/minute"})
    statuses = [client.get("/api/v1/trips/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    last = client.get("/api/v1/trips/")
    assert 0 < int(last["Retry-After"]) <= 60
