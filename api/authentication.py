"""Who is asking: an API key in `Authorization: Bearer <key>` (or OSDI's
`OSDI-API-Token: <key>` header), counted against its rate limit on every request."""

import hmac
import time

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from advocacy import ratelimit

from .models import ApiKey

PREFIX_LENGTH = 12  # "adv_" and 8 hex digits (api/services.py)
LAST_USED_EVERY = 60  # seconds: last_used_at is written at most this often per key


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        secret = _presented_key(request)
        if not secret:
            return None  # DRF answers 401 with the header below
        prefix = secret[:PREFIX_LENGTH]
        key = ApiKey.objects.select_related("partner").filter(prefix=prefix).first()
        # Compared in constant time, so the hash is not guessed a byte at a time.
        if key is None or not hmac.compare_digest(key.key_hash, ApiKey.hash(secret)):
            raise exceptions.AuthenticationFailed(_("Unknown API key."))
        if key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API key was revoked."))
        # Every request counts, refused ones too, before any permission is checked.
        wait = _over_limit(key)
        if wait:
            raise exceptions.Throttled(wait=wait)
        _note_use(key)
        return (None, key)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


def _presented_key(request) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.META.get("HTTP_OSDI_API_TOKEN", "").strip()


def _over_limit(key: ApiKey) -> int:
    """Seconds until the key's minute ends when it used its requests up, else 0. A fixed
    window in the shared cache, so every web process counts against the same limit (in
    each process's own memory while Redis is away: a limit per process, still a limit)."""
    counters = ratelimit.counters()
    now = time.time()
    window = int(now // 60)
    name = f"api-rate:{key.pk}:{window}"
    counters.add(name, 0, 120)
    try:
        used = counters.incr(name)
    except ValueError:  # the entry expired between add() and incr(), or Redis just failed
        ratelimit.counters().add(name, 0, 120)
        used = ratelimit.counters().incr(name)
    if used > key.rate_per_minute:
        return max(1, int((window + 1) * 60 - now))
    return 0


def _note_use(key: ApiKey) -> None:
    # One write a minute per key at most, whatever the traffic.
    if cache.add(f"api-used:{key.pk}", 1, LAST_USED_EVERY):
        now = timezone.now()
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
