"""Rate limits per IP address and per email, counted in the shared cache.

With REDIS_URL the cache is Redis, so every web process counts against the
same limit. IP addresses and emails are never stored: the cache keys are
salted hashes.
"""

import hashlib
import hmac
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the one our own proxies saw."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        chain = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(chain) >= hops:
            return chain[-hops]
    return request.META.get("REMOTE_ADDR", "")


def salted_hash(value: str) -> str:
    """A keyed hash: the same value always gives the same hash, which reveals nothing."""
    key = settings.IP_HASH_SALT.encode()
    return hmac.new(key, value.strip().lower().encode(), hashlib.sha256).hexdigest()


def ip_hash(request: HttpRequest) -> str:
    return salted_hash(client_ip(request))


def hit(key: str, *, limit: int, window: int, cache=None, now: float | None = None) -> bool:
    """Count one request against key; False once more than limit fell in this window.

    Fixed windows: the counter's key carries the window's number, so it starts
    over each window and expires on its own. add() then incr() is atomic on Redis.
    """
    cache = cache or caches["default"]
    bucket = int((now if now is not None else time.time()) // window)
    cache_key = f"rl:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window + 1):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def too_many_requests(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    """The "please wait" page, status 429."""
    minutes = max(1, round(retry_after / 60))
    response = HttpResponse(
        render_to_string("429.html", {"minutes": minutes}, request=request), status=429
    )
    response["Retry-After"] = str(retry_after)
    return response


def check(request: HttpRequest, scope: str, *, email: str = "") -> int:
    """Count this request in scope; returns 0, or the seconds to wait when over a limit."""
    if not settings.RATELIMIT_ENABLED:
        return 0
    per_ip, per_email, window = settings.RATELIMITS[scope]
    wait = window - int(time.time()) % window
    if not hit(f"{scope}:ip:{ip_hash(request)}", limit=per_ip, window=window):
        return wait
    if email and not hit(f"{scope}:email:{salted_hash(email)}", limit=per_email, window=window):
        return wait
    return 0


def ratelimit(scope: str, *, email_field: str = "email", methods=("POST",)) -> Callable:
    """Limit a view per IP address and per the email posted in email_field.

    Only the given methods count: reading a page is free, sending a form is not.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                email = request.POST.get(email_field, "") if email_field else ""
                wait = check(request, scope, email=email)
                if wait:
                    return too_many_requests(request, retry_after=wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
