from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from advocacy import ratelimit as limits
from advocacy.ratelimit import ratelimit
from campaigns.models import Campaign
from digest.services import unconfirmed_days
from letters.models import Letter
from letters.signed_links import erase_url, letter_from_token

from . import services
from .emails import REPORT_DAYS, holder_from_report_token
from .holdings import held_about


def privacy_page(request: HttpRequest) -> HttpResponse:
    # Every figure read from where it is enforced, so the page cannot drift from the code.
    return render(
        request,
        "privacy/privacy.html",
        {
            "retention_months": settings.RETENTION_MONTHS,
            "confirmation_hours": settings.LETTER_CONFIRMATION_HOURS,
            "report_days": REPORT_DAYS,
            "digest_unconfirmed_days": unconfirmed_days(),
            "signin_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            "scrubbing_campaigns": Campaign.objects.live()
            .filter(scrub_after_days__isnull=False)
            .order_by("title"),
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


# The button that emails the report: whoever opens this link, only the address's
# mailbox receives it. One email per address per window (RATELIMITS["access"]).
@never_cache
def privacy_access(request: HttpRequest, token: str) -> HttpResponse:
    letter = _letter_from(token, "access")
    if letter is None:
        return render(request, "privacy/link_invalid.html", status=404)
    if letter.email is None:
        return render(request, "privacy/erase_done.html")
    if request.method == "POST":
        wait = limits.check(request, "access", email=letter.email)
        if wait:
            return limits.too_many_requests(request, retry_after=wait)
        sent = services.send_access_report(letter=letter)
        return render(
            request, "privacy/access_sent.html", {"sent": sent}, status=200 if sent else 503
        )
    return render(request, "privacy/access_confirm.html")


@never_cache
def privacy_report(request: HttpRequest, token: str) -> HttpResponse:
    holder = holder_from_report_token(token)
    if holder is None:
        return render(request, "privacy/link_invalid.html", status=404)
    # A letter's own erase link; an address that only reads the News Digest erases
    # through the report's link.
    if isinstance(holder, Letter):
        erase = erase_url(holder)
    else:
        erase = reverse("privacy:report_erase", args=[token])
    return render(
        request,
        "privacy/report.html",
        {"held": held_about(holder.email), "token": token, "erase_url": erase},
    )


@never_cache
@ratelimit("form", email_field="")
def privacy_report_erase(request: HttpRequest, token: str) -> HttpResponse:
    holder = holder_from_report_token(token)
    if holder is None:
        return render(request, "privacy/link_invalid.html", status=404)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.erase_supporter(email=holder.email)
    return render(request, "privacy/erase_done.html")


@never_cache
def privacy_report_json(request: HttpRequest, token: str) -> HttpResponse:
    holder = holder_from_report_token(token)
    if holder is None:
        return render(request, "privacy/link_invalid.html", status=404)
    response = JsonResponse(
        held_about(holder.email), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response
