from django import template

from campaigns.models import Campaign
from letters.embed import embed_snippet

from ..models import Partner

register = template.Library()


@register.inclusion_tag("partners/_embed_snippets.html")
def embed_snippets(campaign: Campaign | None) -> dict:
    """The campaign's embed snippets, ready to copy: one for anyone, one per partner."""
    if campaign is None or campaign.pk is None:
        return {"snippets": []}
    snippets = [{"partner": None, "html": embed_snippet(campaign)}]
    snippets += [
        {"partner": partner, "html": embed_snippet(campaign, partner=partner.slug)}
        for partner in Partner.objects.all()
    ]
    return {"campaign": campaign, "snippets": snippets}
