from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from letters.forms import LetterForm

from .cache import cache_campaign_page
from .models import Campaign


def home(request):
    campaigns = Campaign.objects.open().only(
        "title", "slug", "summary", "urgent", "close_at", "letter_count", "goal"
    )
    page = Paginator(campaigns, 10).get_page(request.GET.get("page"))
    return render(request, "campaigns/campaign_list.html", {"page": page})


@cache_campaign_page
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
