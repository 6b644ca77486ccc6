from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns.models import Campaign, LetterTemplate
from campaigns.views import next_action, progress_label, render_campaign, visible_campaign

from . import services
from .forms import LetterForm
from .links import compose_links, share_links
from .models import Delivery, Letter

DELIVERY_ORDER = {Delivery.Kind.TO: 0, Delivery.Kind.CC: 1, Delivery.Kind.COPY: 2}


def _letter_campaign(slug: str) -> tuple[Campaign, LetterTemplate]:
    campaign, template = visible_campaign(slug)
    if template is None:
        raise Http404
    return campaign, template


def _campaign_url(request: HttpRequest, campaign: Campaign) -> str:
    return settings.SITE_URL + campaign.get_absolute_url()


def _already_written(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    # The same neutral page for whoever types this address: nothing about the
    # earlier letter (no name, no status link) is shown.
    return render(
        request,
        "letters/letter_already.html",
        {
            "campaign": campaign,
            "next_campaign": next_action(exclude=campaign),
            "share_links": share_links(url=_campaign_url(request, campaign), title=campaign.title),
            "campaign_url": _campaign_url(request, campaign),
        },
    )


@require_POST
def letter_review(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, template = _letter_campaign(slug)
    if not campaign.is_open():
        return render_campaign(request, campaign, template, status=410)
    form = LetterForm(request.POST, template=template)
    if "edit" in request.POST or not form.is_valid():
        return render_campaign(request, campaign, template, form)
    letter, messages = services.preview_letter(campaign, template=template, **form.cleaned_data)
    return render(
        request,
        "letters/letter_review.html",
        {"campaign": campaign, "form": form, "letter": letter, "messages_out": messages},
    )


@require_POST
def letter_send(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, template = _letter_campaign(slug)
    form = LetterForm(request.POST, template=template)
    if not form.is_valid():
        return render_campaign(request, campaign, template, form)
    try:
        letter = services.submit_letter(campaign, template=template, **form.cleaned_data)
    except services.CampaignClosed:
        return render_campaign(request, campaign, template, status=410)
    except services.AlreadySigned:
        return _already_written(request, campaign)
    return redirect("letters:thanks", public_id=letter.public_id)


@require_POST
def letter_own_client(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, template = _letter_campaign(slug)
    form = LetterForm(request.POST, template=template)
    if not form.is_valid():
        return render_campaign(request, campaign, template, form)
    try:
        letter = services.record_own_client_letter(campaign, template=template, **form.cleaned_data)
    except services.CampaignClosed:
        return render_campaign(request, campaign, template, status=410)
    except services.AlreadySigned:
        return _already_written(request, campaign)
    return redirect("letters:thanks", public_id=letter.public_id)


def letter_thanks(request: HttpRequest, public_id) -> HttpResponse:
    letter = get_object_or_404(
        Letter.objects.select_related("campaign", "template", "mp", "riding"),
        public_id=public_id,
    )
    campaign = letter.campaign
    own_client = letter.state == Letter.State.OWN_CLIENT
    message = services.own_client_message(letter) if own_client else None
    return render(
        request,
        "letters/letter_thanks.html",
        {
            "letter": letter,
            "campaign": campaign,
            "own_client": own_client,
            "message_out": message,
            "compose_links": compose_links(message) if message else None,
            "share_links": share_links(url=_campaign_url(request, campaign), title=campaign.title),
            "campaign_url": _campaign_url(request, campaign),
            "next_campaign": next_action(exclude=campaign),
            "progress_label": progress_label(count=campaign.letter_count, goal=campaign.goal),
        },
    )


def letter_status(request: HttpRequest, public_id) -> HttpResponse:
    letter = get_object_or_404(Letter.objects.select_related("campaign"), public_id=public_id)
    return render(
        request,
        "letters/letter_status.html",
        {
            "letter": letter,
            "campaign": letter.campaign,
            # The targets first, then the copies: the order the supporter thinks in.
            "deliveries": sorted(letter.deliveries.all(), key=lambda d: DELIVERY_ORDER[d.kind]),
            "own_client": letter.state == Letter.State.OWN_CLIENT,
        },
    )
