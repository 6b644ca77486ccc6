"""The public pages' HTML (a campaign, the list of campaigns), cached for anonymous
visitors.

A viral campaign is read by tens of thousands of people who all see the same
page, so the rendered HTML is kept in the shared cache and served without a
database query. Three things keep that safe:

- Only visitors without a session or a messages cookie are served from (or
  stored in) the cache: nobody logged in, nobody with a flash message, so a
  page never carries one visitor's data to another.
- The CSRF token is per visitor: the cached HTML holds a placeholder where the
  form's hidden token goes, and each response gets a fresh token (and the CSRF
  cookie) at serve time.
- Staff edits show at once: every save or delete of a row of the campaigns app
  (a campaign, a model letter, a target, the appeal, a co-signer...) bumps one
  version number, and a cached page of an older version is never served. The
  page also expires after CAMPAIGN_PAGE_CACHE_SECONDS (the letter count moves on
  without a save) and before the campaign closes.

Each process also keeps the pages it serves in its own memory for LOCAL_SECONDS:
the round trip to Redis costs more than everything else a cached page does, and
under a spike the same page is asked for hundreds of times a second. So an edit
shows at once in the process that saved it and within a second in the others
(staff, being logged in, always see the page rendered afresh).
"""

import re
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

VERSION_KEY = "public-page:version"
CSRF_PLACEHOLDER = "__PUBLIC_PAGE_CSRF_TOKEN__"
# What {% csrf_token %} renders: a 64-character masked token.
CSRF_INPUT_RE = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
# Share links carry these; they don't change the page, so they don't split the cache.
IGNORED_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
LOCAL_SECONDS = 1.0
_local: dict[str, tuple[float, dict]] = {}  # key: (fresh until, entry)


def cache_public_page(view):
    """Serve the view's page from the cache to anonymous visitors (see module docstring).
    A view with a campaign's `slug` argument has its page expire when that campaign closes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        key = f"public-page:{request.path}:{language}"
        entry, version = _lookup(key)
        if entry:
            html = entry["html"]
            if CSRF_PLACEHOLDER in html:
                html = html.replace(CSRF_PLACEHOLDER, get_token(request))
            return HttpResponse(html, headers=entry["headers"])
        response = view(request, *args, **kwargs)
        if _storable(request, response):
            _store(key, response, version=version, timeout=_timeout(kwargs.get("slug")))
        return response

    return wrapper


def _lookup(key: str) -> tuple[dict | None, int]:
    """The page from this process's memory, or else from the shared cache if it is of
    the current version; and the version the shared cache holds (-1: not asked)."""
    now = time.time()
    fresh_until, entry = _local.get(key, (0, None))
    if fresh_until > now:
        return entry, -1
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY, 0)
    entry = found.get(key)
    if entry and entry["version"] == version and entry["expires_at"] > now:
        _local[key] = (min(now + LOCAL_SECONDS, entry["expires_at"]), entry)
        return entry, version
    return None, version


def _store(key: str, response: HttpResponse, *, version: int, timeout: int) -> None:
    if timeout <= 0:
        return
    html = CSRF_INPUT_RE.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode())
    now = time.time()
    entry = {
        "version": version,
        "html": html,
        # The view's own headers (its content type, cache or robots directives); the
        # middleware adds the rest to every response, cached or not.
        "headers": {k: v for k, v in response.items() if k.lower() != "content-length"},
        "expires_at": now + timeout,
    }
    cache.set(key, entry, timeout)
    _local[key] = (min(now + LOCAL_SECONDS, entry["expires_at"]), entry)


def _cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return all(name.startswith(IGNORED_PARAMS) for name in request.GET)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
        and "private" not in response.get("Cache-Control", "")
    )


def _timeout(slug: str | None) -> int:
    """Seconds to keep a page: the setting, but never past the campaign's close.

    Closing on schedule is an UPDATE without a save (no version bump), so the
    page must expire by then on its own.
    """
    from .models import Campaign

    timeout = settings.CAMPAIGN_PAGE_CACHE_SECONDS
    if timeout <= 0 or slug is None:
        return max(timeout, 0)
    close_at = Campaign.objects.filter(slug=slug).values_list("close_at", flat=True).first()
    if close_at is not None:
        timeout = min(timeout, int((close_at - timezone.now()).total_seconds()))
    return timeout


def bump_version() -> None:
    """Make every cached campaign page stale."""
    _local.clear()
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        # No version yet: start one. A concurrent start may win; either is new.
        cache.set(VERSION_KEY, 1, None)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def _staff_changed_something(sender, **kwargs):
    # Anything of the campaigns app may show on a public page: a campaign, its model
    # letter and targets, the site's appeal, a statement's co-signers, achievements.
    if sender._meta.app_label == "campaigns":
        bump_version()


def cached_campaign(slug: str, load):
    """What load() returns for a public campaign's slug (the campaign, its model letter
    and targets), kept like the pages: in the shared cache under the current version,
    and for a second in this process. A supporter's review and send then read no row
    of the campaigns app; a staff edit shows at once (the version), and the letter
    count inside is as old as the page's (the count's own endpoint is fresher)."""
    seconds = settings.CAMPAIGN_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return load()
    key = f"public-campaign:{slug}"
    entry, version = _lookup(key)
    if entry:
        return entry["value"]
    value = load()
    if value[0] is not None:
        now = time.time()
        entry = {"version": version, "value": value, "expires_at": now + seconds}
        cache.set(key, entry, seconds)
        _local[key] = (min(now + LOCAL_SECONDS, entry["expires_at"]), entry)
    return value
