"""The organization's site blocks that pages include: each fetches what it shows."""

from django import template
from django.conf import settings
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from advocacy.links import absolute_url
from campaigns.models import Campaign, SiteAppeal

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    """A path of this site at its public address (SITE_URL), as every absolute link is."""
    return absolute_url(path)


@register.inclusion_tag("campaigns/_appeal.html")
def donation_appeal(campaign: Campaign | None = None) -> dict:
    """The "Since you're here…" block: the campaign's own appeal replaces the
    site's; a campaign can turn it off, and staff can turn the site's off."""
    if campaign is not None and not campaign.show_appeal:
        return {"appeal": None}
    site = SiteAppeal.current()
    if campaign is not None and (campaign.appeal_text or campaign.appeal_url):
        return {
            "appeal": {
                "title": site.title if site else _("Since you're here…"),
                "text": campaign.appeal_text,
                "html": "" if campaign.appeal_text or not site else site.text,
                "url": campaign.appeal_url or (site.url if site else ""),
                "own": True,
            }
        }
    if site is None or not site.enabled:
        return {"appeal": None}
    return {"appeal": {"title": site.title, "html": site.text, "url": site.url, "own": False}}


@register.inclusion_tag("campaigns/_current_actions.html")
def current_actions(limit: int = 3) -> dict:
    """The open campaigns, urgent first then newest: where a dead end points instead."""
    campaigns = (
        Campaign.objects.open()
        .order_by("-urgent", Coalesce("publish_at", "created_at").desc(), "-id")
        .only("title", "slug", "slug_fr", "languages", "summary", "urgent")[:limit]
    )
    return {"campaigns": list(campaigns)}


@register.inclusion_tag("campaigns/_statement.html")
def statement_cosigners(campaign: Campaign) -> dict:
    """A statement's approved co-signers, in staff's order, and its action's heading."""
    if campaign.kind != Campaign.Kind.STATEMENT:
        return {"campaign": campaign, "is_statement": False}
    return {
        "campaign": campaign,
        "is_statement": True,
        "cosigners": list(campaign.cosigners.approved()),
    }


@register.inclusion_tag("campaigns/_statement_tools.html")
def statement_tools(campaign: Campaign) -> dict:
    """Print, PDF and the link to the co-signing request form, under a statement.
    (The form has its own page: its token and signed time are per visitor.)"""
    return {"campaign": campaign, "is_statement": campaign.kind == Campaign.Kind.STATEMENT}


@register.inclusion_tag("campaigns/_victories.html")
def campaign_victories(campaign: Campaign) -> dict:
    """The achievements this campaign led to, newest first."""
    return {"achievements": list(campaign.achievements.timeline().prefetch_related("links"))}


@register.inclusion_tag("campaigns/_meta.html", takes_context=True)
def open_graph(context, campaign: Campaign) -> dict:
    """Open Graph tags, so a shared link shows the campaign's title, summary and image."""
    return {
        "campaign": campaign,
        "url": absolute_url(campaign.get_absolute_url()),
        "image": absolute_url(campaign.hero_image.url) if campaign.hero_image else "",
        "ORG_NAME": context.get("ORG_NAME", settings.ORG_NAME),
    }
