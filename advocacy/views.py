from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token


@never_cache
def healthz(request):
    """For load balancers and docker-compose: the process answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


# Private pages: a supporter's letter and links, staff and organizers' screens, previews.
NOT_FOR_ROBOTS = [
    "letters/", "reports/", "preview/", "privacy/erase/", "privacy/unsubscribe/",
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
