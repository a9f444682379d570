"""A Redis cache that fails open: when Redis cannot be reached, reads miss and writes are dropped.

Everything the portal keeps in the cache can be recomputed (cached pages, dashboard figures) or can
safely be forgotten for a while (allauth's rate-limit counters), so a Redis outage should cost speed,
not pages: without this, every page that touches the cache (login, password reset, the vacancy guide,
the dashboard) answered 500. Each failure is logged; after one, Redis is left alone for
FAIL_OPEN_RETRY_SECONDS so that a page does not wait for a socket timeout on every cache call.

Use with short socket timeouts (OPTIONS socket_connect_timeout / socket_timeout, see settings).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

FAIL_OPEN_RETRY_SECONDS = 5.0


class FailOpenRedisCache(RedisCache):
    _down_until = 0.0  # monotonic time before which Redis is not tried again (per process)

    def _guarded(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < FailOpenRedisCache._down_until:
            return fallback
        try:
            return operation(*args, **kwargs)
        except (RedisError, OSError) as exc:
            FailOpenRedisCache._down_until = time.monotonic() + FAIL_OPEN_RETRY_SECONDS
            logger.warning("Cache unavailable (%s: %s); carrying on without it", type(exc).__name__, exc)
            return fallback

    def is_reachable(self) -> bool:
        """A direct ping, for the health check (not guarded: it must see the outage)."""
        try:
            return bool(self._cache.get_client().ping())
        except (RedisError, OSError):
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().add, True, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._guarded(super().incr, missing, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set_many, [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded(super().delete_many, None, keys, version)

    def clear(self):
        return self._guarded(super().clear, False)
