from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.static import serve

DEGRADED = (
    "degraded: Redis unavailable; pages come from the database, "
    "rate limits count per process, letters wait for the sweeper"
)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and docker-compose: 200 "ok" when the database and Redis
    answer; 200 "degraded: ..." while Redis does not (the site works without it);
    503 when the database does not (nothing works without it)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("down: database unavailable", status=503, content_type="text/plain")
    ping = getattr(cache, "ping", None)  # the Redis cache's; none in the embedded mode
    if ping is not None and not ping():
        return HttpResponse(DEGRADED, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


# Private pages: a supporter's letter and links, staff and organizers' screens, previews.
NOT_FOR_ROBOTS = [
    "letters/", "reports/", "preview/", "privacy/erase/", "privacy/unsubscribe/",
    "privacy/access/", "privacy/report/",
    "digest/confirm/", "digest/unsubscribe/", "digest/subscribers.csv",
]  # fmt: skip


@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Search engines index the campaigns, never a supporter's pages nor staff's."""
    prefixes = ["/", *(f"/{code}/" for code, _name in settings.LANGUAGES)]
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/"]
    lines += [f"Disallow: {prefix}{path}" for prefix in prefixes for path in NOT_FOR_ROBOTS]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and feed readers ask for /favicon.ico whatever the page says."""
    return redirect(static("icons/favicon.ico"), permanent=True)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, rendered without the database (it may be what failed): no context
    processor runs, only the settings' organization name reaches the template."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"ORG_NAME": settings.ORG_NAME}))


def media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded files (logos, share images) where no web server serves /media/:
    with SERVE_MEDIA (or DEBUG). Only staff upload; the sandbox keeps a file
    from ever running as a page of the site."""
    if not (settings.SERVE_MEDIA or settings.DEBUG):
        raise Http404
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:  # a path leading out of MEDIA_ROOT
        raise Http404 from None
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


def admin_locked_out(request: HttpRequest, credentials=None) -> HttpResponse:
    """django-axes's answer to a sign-in from a locked-out username and address pair:
    what happened and when to try again (status 429, in the visitor's language)."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request, "admin/locked_out.html", {"minutes": max(1, round(seconds / 60))}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response
