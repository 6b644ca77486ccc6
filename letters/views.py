from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from advocacy.ratelimit import ip_hash, ratelimit
from campaigns.models import Campaign

from . import links, services
from .forms import LetterForm
from .models import Letter


def _open_campaign(slug):
    campaign = get_object_or_404(Campaign, slug=slug)
    if not campaign.is_visible():
        raise Http404
    template = campaign.letter_templates.prefetch_related("targets").first()
    if template is None:
        raise Http404
    return campaign, template


@require_POST
@ratelimit("letter")
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
@ratelimit("letter")
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
        letter = services.submit_letter(
            campaign, template=template, ip_hash=ip_hash(request), **form.cleaned_data
        )
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


@ratelimit("form", email_field="")
def letter_confirm(request, token):
    """The link in the confirmation email: a page with a button, since link scanners GET."""
    public_id = links.read_token(token, "confirm")
    letter = Letter.objects.select_related("campaign").filter(public_id=public_id).first()
    if public_id is None or letter is None:
        return render(request, "privacy/link_invalid.html", status=404)
    if letter.state == Letter.State.UNCONFIRMED:
        if request.method != "POST":
            return render(request, "letters/letter_confirm.html", {"letter": letter})
        letter = services.confirm_letter(letter)
    return render(request, "letters/letter_confirmed.html", {"letter": letter})
