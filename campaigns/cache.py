"""The public pages' HTML (a campaign, the list of campaigns), the same bytes for
every anonymous visitor, so any HTTP cache can serve them.

A viral campaign is read by tens of thousands of people who all see the same
page. The page carries nothing of one visitor: no CSRF token, no cookie, no
signed time (the letter form posts to the review step, whose answer carries
those). So anonymous visitors get it with

    Cache-Control: public, max-age=0, s-maxage=N, stale-while-revalidate=N,
                   stale-if-error=86400

where N is CAMPAIGN_PAGE_CACHE_SECONDS (less before a campaign closes): nginx
(deploy/nginx.conf.template) or a CDN serves it for N seconds, then refreshes it
in the background while still serving the old copy, and keeps serving it for a
day if the site fails. Browsers revalidate every time (max-age=0).

Behind that, Django keeps the rendered HTML in the shared cache, to serve the
misses (a share link's tracking parameters, the first visitor after N seconds)
without a database query:

- Only visitors without a session or a messages cookie are served from (or
  stored in) the cache, and the answer to the others is private: nobody logged
  in, nobody with a flash message.
- Staff edits show at once here: every save or delete of a row of the campaigns
  app (a campaign, a model letter, a target, the appeal, a co-signer...) bumps
  one version number, and a cached page of an older version is never served.
  The page also expires after CAMPAIGN_PAGE_CACHE_SECONDS (the letter count
  moves on without a save) and before the campaign closes. An HTTP cache in
  front may keep the old page for up to its s-maxage, which counts down from
  when Django stored it.

Each process also keeps the pages it serves in its own memory for LOCAL_SECONDS:
the round trip to Redis costs more than everything else a cached page does, and
under a spike the same page is asked for hundreds of times a second. So an edit
shows at once in the process that saved it and within a second in the others
(staff, being logged in, always see the page rendered afresh).
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

VERSION_KEY = "public-page:version"
# Share links carry these; they don't change the page, so they don't split the cache
# (the page's script copies utm_* and ref, a referral code, into the letter form).
IGNORED_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ref")
LOCAL_SECONDS = 1.0
# How long a shared cache may serve a page past its freshness while the site fails.
STALE_IF_ERROR_SECONDS = 86400
_local: dict[str, tuple[float, dict]] = {}  # key: (fresh until, entry)


def cache_public_page(view):
    """Serve the view's page from the cache to anonymous visitors, and say how long
    HTTP caches may keep it (see module docstring). A view with a campaign's `slug`
    argument has its page expire when that campaign closes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _anonymous(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        if not _cacheable(request):
            response = view(request, *args, **kwargs)
            _mark_public(request, response, seconds=_timeout(kwargs.get("slug")))
            return response
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        key = f"public-page:{request.path}:{language}"
        entry, version = _lookup(key)
        if entry:
            response = HttpResponse(entry["html"], headers=entry["headers"])
            _mark_public(request, response, seconds=round(entry["expires_at"] - time.time()))
            return response
        response = view(request, *args, **kwargs)
        timeout = _timeout(kwargs.get("slug"))
        if _storable(request, response):
            _store(key, response, version=version, timeout=timeout)
        _mark_public(request, response, seconds=timeout)
        return response

    return wrapper


def _mark_public(request: HttpRequest, response: HttpResponse, *, seconds: int) -> None:
    """Cache-Control for a page that is the same for every anonymous visitor."""
    if response.status_code != 200 or not _storable(request, response) or seconds <= 0:
        patch_cache_control(response, no_cache=True)
        return
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=seconds,
        stale_while_revalidate=seconds,
        stale_if_error=STALE_IF_ERROR_SECONDS,
    )


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
    now = time.time()
    entry = {
        "version": version,
        "html": response.content.decode(),
        # The view's own headers (its content type, cache or robots directives); the
        # middleware adds the rest to every response, cached or not.
        "headers": {k: v for k, v in response.items() if k.lower() != "content-length"},
        "expires_at": now + timeout,
    }
    cache.set(key, entry, timeout)
    _local[key] = (min(now + LOCAL_SECONDS, entry["expires_at"]), entry)


def _anonymous(request: HttpRequest) -> bool:
    """A GET that shows the page everyone sees: no session, no flash message."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _cacheable(request: HttpRequest) -> bool:
    """An anonymous GET of the page itself (not ?page=2), which Django's cache keeps."""
    return _anonymous(request) and all(name.startswith(IGNORED_PARAMS) for name in request.GET)


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    """Nothing of this visitor in it: no cookie set, no session written, and no CSRF
    token asked for (a page that shows one must never be shared)."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
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
