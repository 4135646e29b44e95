"""Partner API keys (created and revoked in the admin, hashed, shown once) and throttling."""

import re

import pytest
from django.contrib.auth.models import User

from partners.models import PartnerKey
from tests.tracker.api_support import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("keys-admin", password="pw-for-tests-only")
    client.force_login(user)
    return client


def _create_key_in_admin(admin_client, name: str) -> str:
    response = admin_client.post(
        "/admin/partners/partnerkey/add/",
        {"name": name, "contact": "desk@example.org"},
        follow=True,
    )
    assert response.status_code == 200
    message = response.content.decode()
    found = re.search(r"The API key for [^:]+ is: ([A-Za-z0-9]{8}\.[A-Za-z0-9]+)", message)
    assert found, "the new key is shown once after saving"
    return found.group(1)


def test_a_key_created_in_the_admin_is_shown_once_and_stored_hashed(admin_client):
    key = _create_key_in_admin(admin_client, "Partner Site")
    stored = PartnerKey.objects.get(name="Partner Site")
    assert key not in stored.hashed_key and key not in stored.id
    assert stored.prefix == key.split(".")[0]
    page = admin_client.get(f"/admin/partners/partnerkey/{stored.pk}/change/").content.decode()
    assert key.split(".")[1] not in page


def test_a_key_raises_the_limit_and_records_when_it_was_used(api, admin_client, settings):
    key = _create_key_in_admin(admin_client, "Partner Site")
    admin_client.logout()
    settings.API_THROTTLE_ANON = "2/min"
    settings.API_THROTTLE_KEY = "5/min"
    auth = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}
    assert [api.get(f"{API}summary/").status_code for _ in range(3)] == [200, 200, 429]
    assert [api.get(f"{API}summary/", **auth).status_code for _ in range(5)] == [200] * 5
    assert PartnerKey.objects.get(name="Partner Site").last_used_at is not None
    over = api.get(f"{API}summary/", **auth)
    assert over.status_code == 429
    assert int(over["Retry-After"]) > 0
    assert over.json()["detail"].startswith("Request was throttled")


def test_anonymous_clients_are_throttled_with_retry_after(api, settings):
    settings.API_THROTTLE_ANON = "3/min"
    statuses = [api.get(f"{API}metrics/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    throttled = api.get(f"{API}metrics/?format=csv")
    assert throttled.status_code == 429
    assert throttled["Content-Type"] == "application/json"
    assert 0 < int(throttled["Retry-After"]) <= 60


def test_throttle_buckets_are_per_client_address(api, settings):
    settings.API_THROTTLE_ANON = "1/min"
    assert api.get(f"{API}metrics/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert api.get(f"{API}metrics/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert api.get(f"{API}metrics/", REMOTE_ADDR="10.0.0.2").status_code == 200
    # A forged X-Forwarded-For does not open a new bucket (no proxy is configured).
    forged = api.get(f"{API}metrics/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert forged.status_code == 429


def test_a_revoked_key_is_refused_with_401(api, admin_client):
    key = _create_key_in_admin(admin_client, "Old Partner")
    stored = PartnerKey.objects.get(name="Old Partner")
    response = admin_client.post(
        f"/admin/partners/partnerkey/{stored.pk}/change/",
        {"name": "Old Partner", "contact": "", "revoked": "on"},
        follow=True,
    )
    assert response.status_code == 200
    admin_client.logout()
    assert PartnerKey.objects.get(pk=stored.pk).revoked
    refused = api.get(f"{API}prisoners/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"] == "Api-Key"
    assert refused.json() == {"detail": "Unknown or revoked API key."}


def test_an_unknown_key_is_refused_and_no_key_is_anonymous(api):
    assert api.get(f"{API}metrics/", HTTP_AUTHORIZATION="Api-Key abcdefgh.nope").status_code == 401
    assert api.get(f"{API}metrics/", HTTP_AUTHORIZATION="Bearer something").status_code == 200
    assert api.get(f"{API}metrics/").status_code == 200


def test_an_expired_key_is_refused(api):
    import datetime

    from django.utils import timezone

    _, key = PartnerKey.objects.create_key(
        name="Expired", expiry_date=timezone.now() - datetime.timedelta(days=1)
    )
    response = api.get(f"{API}metrics/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_only_partner_keys_are_in_the_admin(admin_client):
    index = admin_client.get("/admin/").content.decode()
    assert "/admin/partners/partnerkey/" in index
    assert "/admin/rest_framework_api_key/apikey/" not in index
