"""The "Call now" links of the campaign and thank-you pages."""

from django import template
from django.urls import reverse

from campaigns.models import Campaign
from letters.models import Letter

from ..models import CallScript

register = template.Library()


def _call_url(campaign: Campaign, *, mp_id: int | None = None) -> str:
    url = reverse("calls:page", args=[campaign.local_slug])
    return f"{url}?mp={mp_id}" if mp_id else url


@register.inclusion_tag("calls/_call_action.html", takes_context=True)
def call_action(context, campaign: Campaign) -> dict:
    """The campaign page's way to the call page, when the campaign has a script; the
    main action when there is no letter to send."""
    if not campaign.is_open() or not CallScript.objects.filter(campaign=campaign).exists():
        return {"url": ""}
    return {"url": _call_url(campaign), "lead": context.get("template") is None}


@register.inclusion_tag("calls/_call_now.html")
def call_now(letter: Letter) -> dict:
    """After a letter: "Call now", for the same targets, its MP included."""
    campaign = letter.campaign
    if not campaign.is_open() or not CallScript.objects.filter(campaign=campaign).exists():
        return {"url": ""}
    return {"url": _call_url(campaign, mp_id=letter.mp_id)}
