"""Redis, shared by every process, as an optimization the site never depends on.

Redis holds the page cache, the rate-limit counters, Represent's answers and the
Celery queue. When it is down, paused or slower than REDIS_TIMEOUT, a request
must still be answered: pages render from the database, rate limits count in
the process's own memory, letters are stored and the sweeper sends them later.

So every Redis error is answered as a miss, and after one this process leaves
Redis alone for RETRY_SECONDS (a paused Redis would otherwise cost each request
a time-out). Each process finds out for itself, once per RETRY_SECONDS at most.
"""

import logging
import time
from functools import wraps

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
_down_until = 0.0


def redis_available() -> bool:
    """False for RETRY_SECONDS after Redis last failed in this process."""
    return time.monotonic() >= _down_until


def redis_failed(exc: BaseException) -> None:
    """Record that Redis failed: this process leaves it alone for RETRY_SECONDS."""
    global _down_until
    if redis_available():
        log.warning("Redis unavailable, working without it for %.0f s: %r", RETRY_SECONDS, exc)
    _down_until = time.monotonic() + RETRY_SECONDS


def redis_recovered() -> None:
    """Forget a failure (tests, or a health check that reached Redis)."""
    global _down_until
    _down_until = 0.0


def _guarded(method, *, fallback):
    """Call Redis unless it failed lately; on a Redis error return what a miss returns."""

    @wraps(method)
    def call(self, *args, **kwargs):
        if not redis_available():
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except self._lib.RedisError as exc:
            redis_failed(exc)
            return fallback(*args, **kwargs)

    return call


def _missing_key(key, *args, **kwargs):
    # What incr() raises for a key that expired: callers already handle it.
    raise ValueError(f"Key {key!r} not found (Redis unavailable).")


class ResilientRedisCacheClient(RedisCacheClient):
    get = _guarded(RedisCacheClient.get, fallback=lambda key, default: default)
    get_many = _guarded(RedisCacheClient.get_many, fallback=lambda keys: {})
    has_key = _guarded(RedisCacheClient.has_key, fallback=lambda key: False)
    add = _guarded(RedisCacheClient.add, fallback=lambda *args: False)
    set = _guarded(RedisCacheClient.set, fallback=lambda *args: None)
    set_many = _guarded(RedisCacheClient.set_many, fallback=lambda *args: None)
    touch = _guarded(RedisCacheClient.touch, fallback=lambda *args: False)
    delete = _guarded(RedisCacheClient.delete, fallback=lambda key: False)
    delete_many = _guarded(RedisCacheClient.delete_many, fallback=lambda keys: None)
    incr = _guarded(RedisCacheClient.incr, fallback=_missing_key)
    clear = _guarded(RedisCacheClient.clear, fallback=lambda: False)

    def _count_many(self, keys: list[str], timeout: int) -> list[int]:
        client = self.get_client(write=True)
        with client.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.set(key, 0, ex=timeout, nx=True)  # a new counter, for its window
                pipe.incr(key)
            return pipe.execute()[1::2]

    count_many = _guarded(_count_many, fallback=lambda *args: None)

    def ping(self) -> bool:
        """True when Redis answers now (a health check: it tries even after a failure)."""
        try:
            self.get_client(write=True).ping()
        except self._lib.RedisError as exc:
            redis_failed(exc)
            return False
        redis_recovered()
        return True


class RedisCache(DjangoRedisCache):
    """Django's Redis cache, where every Redis error is a miss (see the module's docstring).

    Give OPTIONS socket_timeout and socket_connect_timeout (REDIS_TIMEOUT):
    redis-py's default of 5 s would make a paused Redis cost each request 5 s.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def ping(self) -> bool:
        return self._cache.ping()

    def count_many(self, keys: list[str], timeout: int) -> list[int] | None:
        """Add one to each counter (a new one starts at 0 and expires after timeout
        seconds), all in one round trip; None when Redis failed (nothing counted)."""
        keys = [self.make_and_validate_key(key) for key in keys]
        return self._cache.count_many(keys, timeout)
