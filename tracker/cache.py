"""The cache when Redis is down: carry on with a cache of this process's own.

Redis holds the API's throttle counters and the feeds' refresh locks (DESIGN §4). Both
are safeguards, not data, so losing Redis must not take the site down: Django's
``RedisCache`` would raise on every read, and every API request would be a 500.

``DegradingRedisCache`` is Django's ``RedisCache`` that, when Redis cannot be reached,
logs one warning and serves from a ``LocMemCache`` in this process instead, retrying
Redis after ``RETRY_SECONDS``. What that means while Redis is down:

* throttling still limits, per process instead of across processes (a client may get
  the limit once per gunicorn worker), rather than failing open and letting a scraper
  through at full speed;
* a feed's refresh lock holds within a process only; two processes refreshing the same
  feed at once still write once, because the write itself locks the feed row and checks
  the body's hash (sources.feeds).

Other errors (a wrong password, a full Redis) are raised as before: they are
configuration problems to fix, not outages to ride out.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# After a failure, how long to use the local cache before trying Redis again.
RETRY_SECONDS = 30
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# Django makes a cache object per thread; an outage and the local store belong to the
# process, so that a gunicorn worker's threads share one set of throttle counters.
# Outages are kept per Redis LOCATION: until when to skip it.
_outages: dict[str, float] = {}
_outages_lock = threading.Lock()


class DegradingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server
        local = {key: value for key, value in params.items() if key != "OPTIONS"}
        self._fallback = LocMemCache(f"redis-fallback:{server}", local)

    def _is_down(self) -> bool:
        until = _outages.get(self._location)
        return until is not None and time.monotonic() < until

    def _degrade(self, error: Exception) -> None:
        with _outages_lock:
            if self._location not in _outages:
                logger.warning(
                    "Redis cache unreachable (%s): using this process's own cache (throttles "
                    "count per process, feed locks hold per process), retrying every %s s",
                    error,
                    RETRY_SECONDS,
                )
            _outages[self._location] = time.monotonic() + RETRY_SECONDS

    def _recovered(self) -> None:
        if self._location in _outages:
            with _outages_lock:
                if _outages.pop(self._location, None) is not None:
                    logger.warning("Redis cache reachable again")


def window_hit(cache, key: str, seconds: int) -> tuple[int, int]:
    """Count one hit in ``key``'s window: (hits so far, seconds until the window ends).

    The window opens at the first hit and lasts ``seconds``. On Redis this is one round
    trip whatever the count (SET NX EX, INCR and TTL in one MULTI, so the key cannot
    expire between creating and counting it and become a counter that never ends). Any
    other cache (the local one in tests, or Redis down) does the same in a few steps,
    keeping the window's end in a second key.
    """
    if isinstance(cache, DegradingRedisCache) and not cache._is_down():
        full_key = cache.make_and_validate_key(key)
        try:
            client = cache._cache.get_client(full_key, write=True)
            with client.pipeline(transaction=True) as pipe:
                pipe.set(full_key, 0, ex=seconds, nx=True)
                pipe.incr(full_key)
                pipe.ttl(full_key)
                _, hits, ttl = pipe.execute()
            cache._recovered()
            return int(hits), max(int(ttl), 1)
        except UNREACHABLE as error:
            cache._degrade(error)
    # The local stores have no TTL to ask for: keep the window's end beside its count.
    ends = time.time() + seconds
    if cache.add(key, 0, seconds):
        cache.set(f"{key}:ends", ends, seconds)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, seconds)
        cache.set(f"{key}:ends", ends, seconds)
        hits = 1
    left = (cache.get(f"{key}:ends") or ends) - time.time()
    return hits, max(int(left + 0.999), 1)


def _degrading(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if self._is_down():
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = redis_method(self, *args, **kwargs)
        except UNREACHABLE as error:
            self._degrade(error)
            return getattr(self._fallback, name)(*args, **kwargs)
        self._recovered()
        return result

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


# Every operation RedisCache implements against Redis itself; the BaseCache methods built
# on them (get_or_set, decr, ...) follow.
for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(DegradingRedisCache, _name, _degrading(_name))
