from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.models import HOUSE_OF_COMMONS, Campaign

from . import services
from .emails import compose_text
from .forms import LetterForm
from .models import Delivery, Letter


def _open_campaign(slug):
    campaign = get_object_or_404(Campaign, slug=slug)
    if not campaign.is_visible():
        raise Http404
    template = campaign.letter_templates.prefetch_related("targets").first()
    if template is None:
        raise Http404
    return campaign, template


@require_POST
def letter_review(request, slug):
    campaign, template = _open_campaign(slug)
    form = LetterForm(request.POST, template=template)
    if not campaign.is_open() or not form.is_valid():
        return render(
            request,
            "campaigns/campaign_detail.html",
            {"campaign": campaign, "template": template, "form": form},
            status=200 if campaign.is_open() else 410,
        )
    return render(request, "letters/letter_review.html", {"campaign": campaign, "form": form})


@require_POST
def letter_send(request, slug):
    campaign, template = _open_campaign(slug)
    form = LetterForm(request.POST, template=template)
    if not form.is_valid():
        return render(
            request,
            "campaigns/campaign_detail.html",
            {"campaign": campaign, "template": template, "form": form},
        )
    try:
        letter = services.submit_letter(campaign, template=template, **form.cleaned_data)
    except services.CampaignClosed:
        return render(
            request,
            "campaigns/campaign_detail.html",
            {"campaign": campaign, "template": template, "form": None},
            status=410,
        )
    except services.AlreadySigned:
        return render(request, "letters/letter_already.html", {"campaign": campaign})
    return redirect("letters:thanks", public_id=letter.public_id)


def letter_thanks(request, public_id):
    letter = get_object_or_404(Letter.objects.select_related("campaign"), public_id=public_id)
    return render(request, "letters/letter_thanks.html", {"letter": letter})


def letter_status(request, public_id):
    letter = get_object_or_404(Letter.objects.select_related("campaign"), public_id=public_id)
    deliveries = letter.deliveries.all()
    return render(
        request, "letters/letter_status.html", {"letter": letter, "deliveries": deliveries}
    )


def letter_print(request, public_id):
    """The letter on paper: one page per target, with both addresses, ready to mail."""
    letter = get_object_or_404(
        Letter.objects.select_related("campaign", "riding", "mp"), public_id=public_id
    )
    if letter.erased_at:
        raise Http404
    deliveries = letter.deliveries.filter(kind=Delivery.Kind.TO, target__isnull=False)
    targets = [d.target for d in deliveries.select_related("target")]
    pages = [
        {
            "target": target,
            "address": target.postal_lines(),
            "postage_free": HOUSE_OF_COMMONS[1] in target.postal_lines(),
            "text": compose_text(letter, greeting_names=[target.greeting_name]),
        }
        for target in targets
    ]
    return render(request, "letters/letter_print.html", {"letter": letter, "pages": pages})
