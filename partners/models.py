"""Partner API keys.

A partner site that reads the API heavily gets a key: requests that carry it are
throttled per key at a higher rate than anonymous ones. Keys are created and revoked
by editors in the admin. Only a hash is stored; the key itself is shown once, when it
is created (djangorestframework-api-key does the hashing and the one-time display).
"""

from django.db import models
from rest_framework_api_key.models import AbstractAPIKey


class PartnerKey(AbstractAPIKey):
    contact = models.CharField(
        max_length=200, blank=True, help_text="Who to write to about this key (not shown publicly)."
    )
    last_used_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="Last request made with this key (to the minute).",
    )

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "partner API key"
        verbose_name_plural = "partner API keys"
