"""Rate limits per IP address and per email, counted in the shared cache.

With REDIS_URL the cache is Redis, so every web process counts against the
same limit (while Redis is unavailable, each process counts on its own). IP
addresses and emails are never stored: the cache keys are salted hashes.

Forms count what they do, not the requests: a letter stored, a confirmation
email sent. Reviews, edits, riding searches and pages cost nothing, and a
refused form comes back with what the person typed.
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
from django.utils.translation import ngettext

from .shared_cache import redis_available


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


def counters():
    """The shared cache, or this process's own memory while Redis is unavailable:
    then each process counts on its own (a limit per process instead of per site,
    still a limit, and never an error for the person sending)."""
    return caches["default"] if redis_available() else caches["local"]


def _bucket(key: str, window: int, now: float | None) -> str:
    """The counter's key carries the window's number: it starts over each window
    and expires on its own (fixed windows)."""
    return f"rl:{key}:{int((now if now is not None else time.time()) // window)}"


def hit(key: str, *, limit: int, window: int, cache=None, now: float | None = None) -> bool:
    """Count one request against key; False once more than limit fell in this window.

    add() then incr() is atomic on Redis.
    """
    cache = cache or counters()
    cache_key = _bucket(key, window, now)
    if cache.add(cache_key, 1, timeout=window + 1):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window + 1)
        count = 1
    return count <= limit


def _keys(request: HttpRequest, scope: str, email: str) -> list[tuple[str, int]]:
    per_ip, per_email, _window = settings.RATELIMITS[scope]
    keys = [(f"{scope}:ip:{ip_hash(request)}", per_ip)]
    if email:
        keys.append((f"{scope}:email:{salted_hash(email)}", per_email))
    return keys


def _wait(window: int) -> int:
    return window - int(time.time()) % window


def refused_for(request: HttpRequest, scope: str, *, email: str = "") -> int:
    """0 while this address and this email may do what scope counts once more; else
    the seconds until they may. Counts nothing (see count())."""
    if not settings.RATELIMIT_ENABLED:
        return 0
    window, now = settings.RATELIMITS[scope][2], time.time()
    limits = {_bucket(key, window, now): limit for key, limit in _keys(request, scope, email)}
    used = counters().get_many(list(limits))
    if any(used.get(key, 0) >= limit for key, limit in limits.items()):
        return _wait(window)
    return 0


def count(request: HttpRequest, scope: str, *, email: str = "") -> None:
    """Count one thing done in scope (a letter stored, an email sent) for this
    address and this email."""
    if not settings.RATELIMIT_ENABLED:
        return
    window, now = settings.RATELIMITS[scope][2], time.time()
    keys = _keys(request, scope, email)
    cache = counters()
    # On Redis, every counter in one round trip (a letter's send makes two).
    if hasattr(cache, "count_many"):
        buckets = [_bucket(key, window, now) for key, _limit in keys]
        if cache.count_many(buckets, window + 1) is not None:
            return
    for key, limit in keys:
        hit(key, limit=limit, window=window)


def refusal_message(wait: int) -> str:
    """What a refused form says above what the person typed."""
    minutes = max(1, round(wait / 60))
    return ngettext(
        "Many requests like this one came from your connection or for this email address "
        "in the last hour. Nothing was sent, and what you typed is kept below: please try "
        "again in about %(minutes)s minute.",
        "Many requests like this one came from your connection or for this email address "
        "in the last hour. Nothing was sent, and what you typed is kept below: please try "
        "again in about %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


def refuse_form(request: HttpRequest, form, scope: str, *, email: str = "") -> int:
    """0 when a valid form may go ahead; else the refusal joins the form's errors (so it
    comes back with what was typed) and the seconds to wait are returned."""
    wait = refused_for(request, scope, email=email)
    if wait:
        form.add_error(None, refusal_message(wait))
    return wait


def form_response(response: HttpResponse, *, wait: int) -> HttpResponse:
    """A form's page, refused (429 with Retry-After) when wait is set."""
    if wait:
        response.status_code = 429
        response["Retry-After"] = str(wait)
    return response


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
    window = settings.RATELIMITS[scope][2]
    for key, limit in _keys(request, scope, email):
        if not hit(key, limit=limit, window=window):
            return _wait(window)
    return 0


def ratelimit(scope: str, *, email_field: str = "email", methods=("POST",)) -> Callable:
    """Limit a view per IP address and per the email posted in email_field, counting
    every request of the given methods. For links and logins, where nothing typed
    can be lost; forms count what they do with refused_for() and count()."""

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
