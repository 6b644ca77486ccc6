from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from advocacy.ratelimit import ratelimit
from campaigns.cache import cache_public_page
from campaigns.models import Campaign, LetterTemplate, Office, Target
from campaigns.placeholders import fill
from campaigns.views import visible_campaign
from letters.emails import placeholder_hints

from . import services
from .models import CallCount, CallScript


@dataclass
class CallTarget:
    """One person to call, as the page shows them: their offices and the script."""

    target: Target
    offices: list[Office]
    script: str


def _call_campaign(slug: str) -> tuple[Campaign, LetterTemplate | None, CallScript]:
    campaign, template = visible_campaign(slug)
    script = CallScript.objects.filter(campaign=campaign).first()
    if script is None:
        raise Http404
    return campaign, template, script


def script_for(text: str, target: Target) -> str:
    """The script as the caller reads it for one target: their name filled in, a
    readable hint where the caller's own details go."""
    hints = placeholder_hints()
    values = {
        **hints,
        "target_name": target.name,
        "salutation": target.greeting_name,
        "riding": target.riding.local_name if target.riding_id else hints["riding"],
        "mp_name": target.name if target.riding_id else hints["mp_name"],
    }
    return fill(text, values)


def callable_targets(
    script: CallScript, template: LetterTemplate | None, *, mp_id: str = ""
) -> list[Target]:
    """Whom the page asks supporters to call: the script's own targets, or the model
    letter's, with the supporter's MP (named by the address) when the letter goes to them."""
    fixed = list(script.targets.prefetch_related("offices"))
    if fixed:
        return fixed
    if template is None:
        return []
    targets = list(template.targets.prefetch_related("offices"))
    if template.to_supporters_mp and mp_id.isdigit():
        mp = Target.objects.sitting_mps().select_related("riding").filter(pk=mp_id).first()
        if mp is not None and mp not in targets:
            targets.append(mp)
    return targets


def _render_call_page(
    request: HttpRequest, campaign, template, script, *, mp_id: str, status: int = 200, error=""
) -> HttpResponse:
    targets = callable_targets(script, template, mp_id=mp_id)
    called = request.GET.get("called", "")
    return render(
        request,
        "calls/call_page.html",
        {
            "campaign": campaign,
            "calls": [
                CallTarget(
                    target=t, offices=list(t.offices.all()), script=script_for(script.text, t)
                )
                for t in targets
            ],
            "mp_id": mp_id if any(str(t.pk) == mp_id for t in targets) else "",
            "asks_for_mp": bool(
                template and template.to_supporters_mp and not script.targets.exists()
            ),
            "outcomes": CallCount.Outcome.choices,
            "called": int(called) if called.isdigit() else None,
            "error": error,
        },
        status=status,
    )


@cache_public_page
def call_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The targets' office numbers as tel: links, the script, and the outcome buttons.

    The same for every visitor (the supporter's MP comes from the address), so any
    cache may keep it. A telephony provider would replace calls/_dial.html, the way
    an office is reached, and report outcomes through services.record_call.
    """
    campaign, template, script = _call_campaign(slug)
    if not campaign.is_open():
        return redirect(campaign.get_absolute_url())
    return _render_call_page(request, campaign, template, script, mp_id=request.GET.get("mp", ""))


# The buttons sit on a page any cache may serve to everyone, so they carry no
# per-visitor token: a forged press can only add a count, as a press can, and the
# per-address limit bounds both.
@csrf_exempt
@require_POST
@ratelimit("call", email_field="")
def call_record(request: HttpRequest, slug: str) -> HttpResponse:
    """Count one call's outcome for one target of the campaign."""
    campaign, template, script = _call_campaign(slug)
    mp_id = request.POST.get("mp", "")
    target_id = request.POST.get("target", "")
    outcome = request.POST.get("outcome", "")
    if not campaign.is_open():
        return redirect(campaign.get_absolute_url())
    target = next(
        (t for t in callable_targets(script, template, mp_id=mp_id) if str(t.pk) == target_id),
        None,
    )
    if target is None or outcome not in CallCount.Outcome.values:
        return _render_call_page(
            request, campaign, template, script, mp_id=mp_id, status=400,
            error="outcome",
        )  # fmt: skip
    services.record_call(campaign, target=target, outcome=outcome)
    url = reverse("calls:page", args=[campaign.local_slug])
    query = f"?mp={mp_id}&called={target.pk}" if mp_id else f"?called={target.pk}"
    return redirect(f"{url}{query}#target-{target.pk}", permanent=False)
