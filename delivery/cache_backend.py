"""A Redis cache that degrades to "no cache" while Redis is unreachable.

When Redis is down, every read is a miss and every write a no-op, so pages are rendered from
the database instead of failing with a 500. After a connection error Redis is left alone for
a short back-off (NEWSROOM_CACHE_RETRY_SECONDS), so a dead server costs one failed connect a
few seconds per process rather than one per cache call; the error is logged at most once a
minute (NEWSROOM_CACHE_ERROR_LOG_SECONDS) per process, not once per request.
"""

import functools
import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("delivery.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(fallback):
    """Run the RedisCache method; while Redis is unreachable return fallback(args) instead."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._resting():
                return fallback(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                self._failed(exc)
                return fallback(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _empty(*args, **kwargs):
    return {}


def _all_failed(data, *args, **kwargs):
    return list(data)


def _incr_missing(key, *args, **kwargs):
    # What RedisCache does for a missing key; callers of incr() already handle it.
    raise ValueError(f"Key '{key}' not found (cache unreachable)")


class ReusedClients(RedisCacheClient):
    """One redis.Redis per connection pool, made once and shared by the process's threads.

    Django's client makes a new one for every cache call, and its set-up (a table of ~170
    response callbacks) cost a page-cache hit more CPU than the round trip to Redis itself.
    A redis.Redis takes a connection from the pool per command, so sharing it is safe.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClients
        self._lock = threading.Lock()
        self._rest_until = 0.0
        self._last_logged = 0.0

    def shared_client(self):
        """The process's redis.Redis for this cache (delivery.mark_mirror publishes with it)."""
        return self._cache.get_client(write=True)

    def marks_channel(self) -> str:
        # Channels are server-wide, not per database: the location and the key prefix keep
        # two sites (or two test runs) on one Redis from hearing each other's marks.
        return self.make_key(f"delivery:marks@{self._servers[0]}")

    def reachable(self) -> bool:
        """False while Redis is being left alone after a connection error."""
        return not self._resting()

    def _resting(self) -> bool:
        return time.monotonic() < self._rest_until

    def _failed(self, exc: Exception) -> None:
        now = time.monotonic()
        with self._lock:
            self._rest_until = now + settings.NEWSROOM_CACHE_RETRY_SECONDS
            quiet = now - self._last_logged < settings.NEWSROOM_CACHE_ERROR_LOG_SECONDS
            if not quiet:
                self._last_logged = now
        if not quiet:
            logger.warning("Redis cache unreachable (%s); serving without the cache for now.", exc)

    get = _tolerant(_default)(RedisCache.get)
    get_many = _tolerant(_empty)(RedisCache.get_many)
    has_key = _tolerant(_false)(RedisCache.has_key)
    set = _tolerant(_nothing)(RedisCache.set)
    add = _tolerant(_false)(RedisCache.add)
    touch = _tolerant(_false)(RedisCache.touch)
    set_many = _tolerant(_all_failed)(RedisCache.set_many)
    delete = _tolerant(_false)(RedisCache.delete)
    delete_many = _tolerant(_nothing)(RedisCache.delete_many)
    incr = _tolerant(_incr_missing)(RedisCache.incr)
    clear = _tolerant(_false)(RedisCache.clear)
