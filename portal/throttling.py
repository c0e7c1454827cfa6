"""DRF throttles counted atomically, so concurrent requests cannot slip past a limit.

DRF's own throttles read a list of timestamps, append and write it back: eight concurrent
clients each read the same list and let 140 of 300 requests through a 120/minute limit.
Here each request is one atomic increment of a fixed-window counter (`cache.add` then
`cache.incr`: Redis INCR on a key that expires with its window). On the per-process memory
cache the increment is atomic within one process only, so with several worker processes each
counts on its own (a deploy check, accounts.W001, warns about such a cache with DEBUG off).

A cache that cannot answer lets the request through (logged by portal.cache): throttling
degrades open, while django-axes' lock-outs live in the database and keep holding."""

import logging

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)


class AtomicCounterMixin:
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        self.window_ends_at = (window + 1) * self.duration
        count = self._increment(f"{self.key}:w{window}")
        if count is None:
            return True  # the cache did not answer: let the request through
        return count <= self.num_requests

    def _increment(self, key):
        # The key outlives its window by a little, so it never expires between add and incr.
        self.cache.add(key, 0, self.duration + 5)
        try:
            return self.cache.incr(key)
        except ValueError:
            # Gone in between (evicted, or a cache that lost it): this request starts the window.
            return 1 if self.cache.add(key, 1, self.duration + 5) else None

    def wait(self):
        return max(0.0, self.window_ends_at - self.timer())


class AtomicAnonRateThrottle(AtomicCounterMixin, AnonRateThrottle):
    pass


class AtomicUserRateThrottle(AtomicCounterMixin, UserRateThrottle):
    pass


class AtomicTokenSignInThrottle(AtomicCounterMixin, SimpleRateThrottle):
    """POST /auth/token/ per client address: every attempt counts, right or wrong."""

    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
