from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from letters.forms import LetterForm

from .models import Campaign


def home(request):
    campaigns = Campaign.objects.open().only(
        "title", "slug", "summary", "urgent", "close_at", "letter_count", "goal"
    )
    page = Paginator(campaigns, 10).get_page(request.GET.get("page"))
    return render(request, "campaigns/campaign_list.html", {"page": page})


def campaign_detail(request, slug):
    campaign = get_object_or_404(Campaign, slug=slug)
    if not campaign.is_visible(timezone.now()):
        raise Http404
    template = campaign.letter_templates.prefetch_related("targets").first()
    form = LetterForm(template=template) if template and campaign.is_open() else None
    return render(
        request,
        "campaigns/campaign_detail.html",
        {"campaign": campaign, "template": template, "form": form},
    )


def campaign_preview(request, token):
    """A campaign exactly as the public will see it, through a signed expiring link."""
    from .preview import campaign_id_from

    campaign_id = campaign_id_from(token)
    if campaign_id is None:
        raise Http404
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    template = campaign.letter_templates.prefetch_related("targets").first()
    # Shown as it will be once open, whatever its status today.
    form = LetterForm(template=template) if template else None
    response = render(
        request,
        "campaigns/campaign_detail.html",
        {"campaign": campaign, "template": template, "form": form, "preview": True},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
