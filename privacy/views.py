from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from advocacy.ratelimit import ratelimit
from letters.models import Letter
from letters.signed_links import letter_from_token

from . import services


def privacy_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/privacy.html",
        {
            "retention_months": settings.RETENTION_MONTHS,
            "confirmation_hours": settings.LETTER_CONFIRMATION_HOURS,
        },
    )


def _letter_from(token: str, purpose: str) -> Letter | None:
    return letter_from_token(token, purpose)


# The links' pages are one supporter's: never kept by a browser or a shared cache.
@never_cache
@ratelimit("form", email_field="")
def privacy_erase(request: HttpRequest, token: str) -> HttpResponse:
    letter = _letter_from(token, "erase")
    if letter is None:
        return render(request, "privacy/link_invalid.html", status=404)
    if letter.email is None:
        return render(request, "privacy/erase_done.html")
    if request.method == "POST":
        services.erase_supporter(email=letter.email)
        return render(request, "privacy/erase_done.html")
    return render(request, "privacy/erase_confirm.html", {"letter": letter})


# One-click unsubscribe (RFC 8058): mail clients POST without a CSRF token; the
# signed link is what authorizes it.
@csrf_exempt
@never_cache
@ratelimit("form", email_field="")
def privacy_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    letter = _letter_from(token, "unsubscribe")
    if letter is None:
        return render(request, "privacy/link_invalid.html", status=404)
    if request.method == "POST":
        if letter.email:
            services.unsubscribe(email=letter.email)
        return render(request, "privacy/unsubscribe_done.html")
    return render(request, "privacy/unsubscribe_confirm.html", {"letter": letter})
