"""`Authorization: Api-Key <key>` identifies a partner.

A request without the header is an anonymous reader, which is fine: the API is public.
A request *with* a key that is unknown, revoked or expired is refused with 401, so a
partner notices a revoked key at once instead of silently falling back to the
anonymous rate.
"""

import datetime

from django.utils import timezone
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_api_key.permissions import KeyParser

from partners.models import PartnerKey

# last_used_at is kept to the minute: one UPDATE per key per minute, not per request.
TOUCH_INTERVAL = datetime.timedelta(minutes=1)


class PartnerKeyAuthentication(BaseAuthentication):
    keyword = "Api-Key"
    key_parser = KeyParser()

    def authenticate(self, request):
        key = self.key_parser.get(request)
        if key is None:
            return None
        try:
            partner_key = PartnerKey.objects.get_from_key(key.strip())
        except PartnerKey.DoesNotExist:
            raise AuthenticationFailed("Unknown or revoked API key.") from None
        if partner_key.has_expired:
            raise AuthenticationFailed("This API key has expired.")
        partner_key_touch(partner_key=partner_key)
        # No user: a key identifies a partner site, not a person with permissions.
        return (None, partner_key)

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (with WWW-Authenticate) rather than 403.
        return self.keyword


def partner_key_touch(*, partner_key: PartnerKey) -> None:
    now = timezone.now()
    if partner_key.last_used_at is None or now - partner_key.last_used_at >= TOUCH_INTERVAL:
        PartnerKey.objects.filter(pk=partner_key.pk).update(last_used_at=now)
        partner_key.last_used_at = now
