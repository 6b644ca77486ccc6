"""API keys: created in the admin and shown once, kept as a hash, revocable, rate-limited."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse

from api.models import ApiKey
from tests.api.conftest import auth, make_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("root", "root@iclmg.example", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_it_shows_a_new_key_once_and_keeps_only_its_hash(admin_client, partner):
    response = admin_client.post(
        reverse("admin:api_apikey_add"),
        {
            "name": "BCCLA's CiviCRM",
            "partner": partner.pk,
            "can_read_counts": "on",
            "can_read_people": "on",
            "rate_per_minute": "60",
        },
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r'<code id="api-key"[^>]*>([^<]+)</code>', response.content.decode())[1]
    key = ApiKey.objects.get()
    assert key.partner == partner and key.scopes() == {"counts", "people"}
    assert key.created_by.username == "root"
    assert secret.startswith(key.prefix + "_") and len(secret) > 40
    # Nowhere in the table: not in any column, in any form.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM api_apikey")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert secret not in row and secret[len(key.prefix) :] not in row
    assert key.key_hash == ApiKey.hash(secret)
    # The admin never shows it again.
    change = admin_client.get(reverse("admin:api_apikey_change", args=[key.pk]))
    listing = admin_client.get(reverse("admin:api_apikey_changelist"))
    assert secret not in change.content.decode() and secret not in listing.content.decode()
    # And it works.
    assert admin_client.get("/api/v1/", **auth(secret)).status_code == 200


def test_it_refuses_requests_without_a_key_or_with_a_wrong_one(client):
    key, secret = make_key()

    missing = client.get("/api/v1/")
    wrong = client.get("/api/v1/", **auth(secret[:-2] + "xx"))
    unknown = client.get("/api/v1/", **auth("adv_00000000_nothing"))

    assert missing.status_code == 401 and missing["WWW-Authenticate"] == 'Bearer realm="api"'
    assert wrong.status_code == 401 and wrong.json()["detail"] == "Unknown API key."
    assert unknown.status_code == 401


def test_it_accepts_the_key_in_osdis_own_header(client):
    key, secret = make_key()

    assert client.get("/api/v1/", HTTP_OSDI_API_TOKEN=secret).status_code == 200


def test_it_refuses_a_revoked_key_from_its_next_request(admin_client):
    key, secret = make_key()
    assert admin_client.get("/api/v1/", **auth(secret)).status_code == 200

    admin_client.post(
        reverse("admin:api_apikey_changelist"),
        {"action": "revoke", "_selected_action": [key.pk]},
    )

    response = admin_client.get("/api/v1/", **auth(secret))
    assert response.status_code == 401
    assert response.json()["detail"] == "This API key was revoked."
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_it_answers_429_once_a_key_used_its_minute(client, time_machine):
    from django.core.cache import cache

    cache.clear()
    time_machine.move_to("2030-01-07 10:00:05Z", tick=False)
    key, secret = make_key(rate_per_minute=3)
    other, other_secret = make_key(name="Other", rate_per_minute=3)

    answers = [client.get("/api/v1/", **auth(secret)).status_code for _ in range(3)]
    refused = client.get("/api/v1/", **auth(secret))

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "55"
    # Another key has its own budget; a refused request (403) counts too.
    assert client.get("/api/v1/people/", **auth(other_secret)).status_code == 403
    assert client.get("/api/v1/", **auth(other_secret)).status_code == 200
    # The next minute, the key may ask again.
    time_machine.move_to("2030-01-07 10:01:00Z", tick=False)
    assert client.get("/api/v1/", **auth(secret)).status_code == 200


def test_it_records_when_a_key_was_last_used(client, time_machine):
    from django.core.cache import cache

    cache.clear()
    time_machine.move_to("2030-01-07 10:00:00Z", tick=False)
    key, secret = make_key()
    assert key.last_used_at is None

    client.get("/api/v1/", **auth(secret))

    key.refresh_from_db()
    assert key.last_used_at.isoformat() == "2030-01-07T10:00:00+00:00"


def test_it_lets_only_superusers_and_granted_staff_manage_keys(client, organizer):
    client.force_login(organizer)

    assert client.get(reverse("admin:api_apikey_changelist")).status_code == 403
