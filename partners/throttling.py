"""Rate limits for the public API: one bucket per anonymous client, one per partner key.

Small policy classes in DRF's style: each names its scope and the setting that holds
its rate, and decides whose bucket a request falls in. Counters live in the Django
cache (Redis in production), so every web process shares them. Over the limit the
client gets 429 with a ``Retry-After`` header (DRF's ``Throttled``).

The rate is read from settings on every request rather than once at import, so a
deployment (or a test) can change ``API_THROTTLE_ANON`` / ``API_THROTTLE_KEY``
without a code change.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from partners.models import PartnerKey


class _SettingRateThrottle(SimpleRateThrottle):
    setting: str = ""

    def get_rate(self) -> str:
        return getattr(settings, self.setting)


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
