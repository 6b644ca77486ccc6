"""Middleware Django has none of: a body size limit before anything reads it, and health checks."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext


class RequestBodyLimitMiddleware:
    """Refuses a request whose Content-Length is over MAX_REQUEST_BODY_BYTES with 413,
    before anything reads the body: the CSRF check reads a form's fields, and would
    otherwise spool a huge upload to disk before refusing a bogus token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body it cannot size
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return HttpResponse(
                gettext("The request is too large."),
                status=413,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


class HealthCheckMiddleware:
    """Answers /healthz before any other middleware: load balancers and docker-compose
    probe by IP address over plain HTTP, which ALLOWED_HOSTS and the HTTPS redirect
    would turn away."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/healthz":
            from .views import healthz

            return healthz(request)
        return self.get_response(request)
