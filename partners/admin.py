"""Editors create and revoke partner keys here.

The key is shown once, in a message after "Save"; only its hash is stored. Revoking
cannot be undone (the library refuses it), so a partner who needs access again gets a
new key.
"""

from django.contrib import admin
from rest_framework_api_key.admin import APIKeyModelAdmin
from rest_framework_api_key.models import APIKey

from partners.models import PartnerKey


@admin.register(PartnerKey)
class PartnerKeyAdmin(APIKeyModelAdmin):
    list_display = (
        "prefix",
        "name",
        "contact",
        "created",
        "last_used_at",
        "expiry_date",
        "_has_expired",
        "revoked",
    )
    list_filter = ("revoked", "created")
    search_fields = ("name", "prefix", "contact")

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "last_used_at")


# The library registers its own generic key model; keys made there would not work with
# our API, so editors only see ours.
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)
