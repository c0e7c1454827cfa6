"""A Redis cache that fails open: when Redis is unreachable or hangs, the cache answers
"nothing cached" instead of raising, and the request goes on without it.

Everything we keep in the cache can be done without: DRF's throttles and allauth's rate
limits let requests through (django-axes' lock-outs are in the database and still hold), and
the matches page reads its candidate trips from the database. Each call waits at most
CACHE_SOCKET_TIMEOUT (0.25 s) to connect or for an answer; after a failure the cache is not
asked again for CACHE_RETRY_SECONDS in this process, so a request that uses the cache several
times pays the timeout once, not each time."""

import functools
import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_UNANSWERED = object()
_unavailable_until = {}  # server location -> monotonic time before which we do not ask again


def _fail_open(default):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._known_unavailable():
                return default() if callable(default) else default
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                self._mark_unavailable(method.__name__, error)
                return default() if callable(default) else default

        return wrapper

    return decorate


class ResilientRedisCache(RedisCache):
    def _known_unavailable(self):
        return time.monotonic() < _unavailable_until.get(self._location_key, 0)

    @property
    def _location_key(self):
        return repr(self._servers)

    def _mark_unavailable(self, operation, error):
        with _lock:
            first = not self._known_unavailable()
            _unavailable_until[self._location_key] = time.monotonic() + settings.CACHE_RETRY_SECONDS
        if first:
            logger.error(
                "Cache unavailable (%s: %s); going on without it for %s s.",
                operation,
                error,
                settings.CACHE_RETRY_SECONDS,
            )

    # "Added": callers that take a lock with add() (allauth's rate limits) go ahead instead of
    # waiting for a lock nobody can grant.
    add = _fail_open(True)(RedisCache.add)
    _get_or_fail = _fail_open(_UNANSWERED)(RedisCache.get)

    def get(self, key, default=None, version=None):
        value = self._get_or_fail(key, default, version)
        return default if value is _UNANSWERED else value

    set = _fail_open(None)(RedisCache.set)
    touch = _fail_open(False)(RedisCache.touch)
    delete = _fail_open(False)(RedisCache.delete)
    get_many = _fail_open(dict)(RedisCache.get_many)
    has_key = _fail_open(False)(RedisCache.has_key)
    incr = _fail_open(None)(RedisCache.incr)
    set_many = _fail_open(list)(RedisCache.set_many)
    delete_many = _fail_open(None)(RedisCache.delete_many)
    clear = _fail_open(False)(RedisCache.clear)
