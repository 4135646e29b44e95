"""Rate limits for the public API: one bucket per anonymous client, one per partner key.

Small policy classes in DRF's style: each names its scope and the setting that holds
its rate, and decides whose bucket a request falls in. Counters live in the Django
cache (Redis in production), so every web process shares them. Over the limit the
client gets 429 with a ``Retry-After`` header (DRF's ``Throttled``).

The count is a fixed window opened by a client's first request (``120/min``: at most
120 requests in the minute that follows it), one atomic counter in Redis. DRF's own
``SimpleRateThrottle`` keeps a list of every request's time instead, read and written
back whole on each request: at a partner's rate that list is thousands of entries
long, and two processes writing it at once each drop the other's requests from the
count. A fixed window lets a client that times it well make up to twice the rate
across the end of one window and the start of the next; for a public read-only API
that is the better trade.

The rate is read from settings on every request rather than once at import, so a
deployment (or a test) can change ``API_THROTTLE_ANON`` / ``API_THROTTLE_KEY``
without a code change.
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import BaseThrottle

from partners.models import PartnerKey
from tracker.cache import window_hit

# DRF's rate notation: "120/min", "2000/hour"; only the first letter of the period counts.
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/min' -> (120, 60)."""
    count, period = rate.split("/")
    return int(count), PERIODS[period[0]]


class _SettingRateThrottle(BaseThrottle):
    scope: str = ""
    setting: str = ""
    cache_format = "throttle_%(scope)s_%(ident)s"
    _wait: int | None = None

    def get_cache_key(self, request, view) -> str | None:
        raise NotImplementedError

    def allow_request(self, request, view) -> bool:
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        limit, seconds = parse_rate(getattr(settings, self.setting))
        hits, self._wait = window_hit(caches["default"], key, seconds)
        return hits <= limit

    def wait(self) -> int | None:
        return self._wait


class AnonymousRateThrottle(_SettingRateThrottle):
    """Requests without a key, counted per client address."""

    scope = "anon"
    setting = "API_THROTTLE_ANON"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, PartnerKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerKeyRateThrottle(_SettingRateThrottle):
    """Requests with a valid partner key, counted per key whatever the address."""

    scope = "key"
    setting = "API_THROTTLE_KEY"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, PartnerKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
