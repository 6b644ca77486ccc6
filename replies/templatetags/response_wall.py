"""The campaign page's "Who answers" block: the same for every visitor, so the page
stays cacheable."""

from django import template

from campaigns.models import Campaign, Target

from ..figures import Responsiveness, responsiveness
from ..models import Reply

register = template.Library()


@register.inclusion_tag("replies/_wall.html", takes_context=True)
def response_wall(context, campaign: Campaign) -> dict:
    """Each fixed target's figures for this campaign's letters, the supporters' MPs
    together, and the published replies under each target's name."""
    letter = context.get("template")
    targets: list[Target] = list(context.get("targets") or [])
    figures = responsiveness(campaign=campaign)
    rows = [(t, figures.pop(t.pk, Responsiveness())) for t in targets]
    mps = sum(figures.values(), Responsiveness()) if letter and letter.to_supporters_mp else None
    by_target: dict[int, dict] = {}
    for reply in Reply.objects.for_wall().filter(campaign=campaign):
        by_target.setdefault(reply.target_id, {"target": reply.target, "replies": []})
        by_target[reply.target_id]["replies"].append(reply)
    shown = any(f.delivered or f.asked for _t, f in rows) or (mps and mps.delivered)
    return {
        "campaign": campaign,
        "rows": rows,
        "mps": mps,
        "walls": sorted(by_target.values(), key=lambda w: w["target"].name),
        "shown": shown or bool(by_target),
    }
