"""The Redis cache degrades to a per-process cache when Redis is unreachable, and comes
back to Redis when it is reachable again (tracker/cache.py).

The outage is simulated by pointing a cache at a loopback port nothing listens on; the
shared Redis server is never stopped. The end-to-end check (gunicorn and
``refresh_feeds --sync`` with Redis down) is in tests/sources/test_faults.py.
"""

import logging
import socket
import time
import uuid

import pytest
import redis
from django.conf import settings

from tracker import cache as degrading
from tracker.cache import DegradingRedisCache, window_hit


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cache(location: str) -> DegradingRedisCache:
    return DegradingRedisCache(
        location,
        {"KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}", "OPTIONS": {"socket_connect_timeout": 1}},
    )


@pytest.fixture
def down():
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    yield _cache(location)
    degrading._outages.pop(location, None)


def test_an_unreachable_redis_is_served_from_memory_with_one_warning(down, caplog):
    caplog.set_level(logging.WARNING, logger="tracker.cache")
    assert down.get("k") is None
    assert down.add("lock", "owner", timeout=60) is True
    assert down.add("lock", "other", timeout=60) is False  # the lock still locks
    down.set("n", 1)
    assert down.incr("n") == 2
    assert down.get_many(["n", "lock"]) == {"n": 2, "lock": "owner"}
    down.delete("lock")
    assert down.has_key("lock") is False
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1 and "Redis cache unreachable" in warnings[0]


def test_threads_of_one_process_share_the_fallback(down):
    # Django builds one cache object per thread: their counters must add up.
    other = DegradingRedisCache(down._location, {"KEY_PREFIX": down.key_prefix})
    down.set("hits", 1)
    assert other.incr("hits") == 2


def test_after_the_retry_period_redis_is_tried_again_without_a_second_warning(down, caplog):
    caplog.set_level(logging.WARNING, logger="tracker.cache")
    down.get("k")
    assert down._is_down()
    degrading._outages[down._location] = time.monotonic() - 1  # the period is over
    assert not down._is_down()
    assert down.get("k") is None  # tried Redis, still down: memory again
    assert down._is_down()
    assert len(caplog.records) == 1  # one warning per outage


def test_a_reachable_redis_is_used_and_recovery_is_logged(caplog):
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no Redis to come back to")
    caplog.set_level(logging.WARNING, logger="tracker.cache")
    cache = _cache(settings.REDIS_URL)
    # As if an outage had just ended.
    degrading._outages[settings.REDIS_URL] = time.monotonic() - 1
    try:
        cache.set("shared", "value", timeout=30)
    finally:
        degrading._outages.pop(settings.REDIS_URL, None)
    client = redis.Redis.from_url(settings.REDIS_URL)
    key = cache.make_key("shared")
    assert client.get(key) is not None  # in Redis, not in this process's memory
    client.delete(key)
    assert [r.getMessage() for r in caplog.records] == ["Redis cache reachable again"]


# --- window_hit: the throttle's counter ----------------------------------------------------


def _count_from_threads(cache, key: str, threads: int = 8, each: int = 25) -> list[int]:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads) as pool:
        batches = pool.map(
            lambda _: [window_hit(cache, key, 60)[0] for _ in range(each)], range(threads)
        )
    return sorted(hit for batch in batches for hit in batch)


def test_window_hits_on_redis_are_atomic_and_the_key_expires():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no Redis to count in")
    cache = _cache(settings.REDIS_URL)
    # 200 hits from 8 threads at once: every hit counted once, none lost to a race.
    assert _count_from_threads(cache, "busy") == list(range(1, 201))
    client = redis.Redis.from_url(settings.REDIS_URL)
    key = cache.make_key("busy")
    assert 0 < client.ttl(key) <= 60  # never a counter without an end
    hits, left = window_hit(cache, "busy", 60)
    assert hits == 201 and 0 < left <= 60
    client.delete(key)


def test_a_window_ends_and_the_next_hit_opens_a_new_one():
    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: no Redis to count in")
    cache = _cache(settings.REDIS_URL)
    assert [window_hit(cache, "short", 1)[0] for _ in range(3)] == [1, 2, 3]
    time.sleep(1.2)
    assert window_hit(cache, "short", 1) == (1, 1)


def test_window_hits_with_redis_down_count_in_memory(down):
    assert _count_from_threads(down, "busy", threads=4, each=10) == list(range(1, 41))
    hits, left = window_hit(down, "busy", 60)
    assert hits == 41 and 58 <= left <= 60
    assert [window_hit(down, "short", 1)[0] for _ in range(2)] == [1, 2]
    time.sleep(1.2)
    assert window_hit(down, "short", 1) == (1, 1)


def test_window_hits_in_a_plain_local_cache():
    from django.core.cache.backends.locmem import LocMemCache

    local = LocMemCache(f"window-{uuid.uuid4().hex[:8]}", {})
    assert [window_hit(local, "k", 30)[0] for _ in range(3)] == [1, 2, 3]
    assert 28 <= window_hit(local, "k", 30)[1] <= 30
