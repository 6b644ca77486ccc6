from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from campaigns import represent
from campaigns.directory import fold
from campaigns.models import Campaign, LetterTemplate, Target
from campaigns.services import ensure_mp_targets

from . import services
from .forms import LetterForm, MPChoiceForm
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
    mp_choice = resolve_mp_choice(request, template, form.cleaned_data["postal_code"])
    return render(
        request,
        "letters/letter_review.html",
        {"campaign": campaign, "form": form, "mp_choice": mp_choice},
    )


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
    mp_choice = resolve_mp_choice(request, template, form.cleaned_data["postal_code"], at_send=True)
    if mp_choice and not mp_choice.form.is_valid():
        return render(
            request,
            "letters/letter_review.html",
            {"campaign": campaign, "form": form, "mp_choice": mp_choice},
        )
    try:
        letter = services.submit_letter(
            campaign,
            template=template,
            mp=mp_choice.form.cleaned_data["mp"] if mp_choice else None,
            **form.cleaned_data,
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


# The supporter's MP, for model letters that go to "your MP" ---------------------


@dataclass
class MPChoice:
    """Who "your MP" is for a postal code, and the form that confirms it."""

    form: MPChoiceForm
    found: list[Target] = field(default_factory=list)  # what Represent answered
    shown: list[Target] = field(default_factory=list)  # the radios: found, or the riding list
    outcome: str = ""  # represent.Outcome, or "search" when the supporter searches
    query: str = ""

    @property
    def mode(self) -> str:
        """found: one MP; choose: several from the lookup; search: the riding list."""
        if len(self.found) == 1:
            return "found"
        return "choose" if self.found else "search"


def resolve_mp_choice(
    request, template: LetterTemplate, postal_code: str, *, at_send: bool = False
) -> MPChoice | None:
    """The MP choice for a letter to the supporter's MP, or None for other letters.

    The review step asks Represent; the send step only reads its cached answer
    and validates the supporter's pick against it and the province's MPs, so a
    tampered id never becomes a recipient.
    """
    if not template.to_supporters_mp:
        return None
    province = services.province_of(postal_code)  # the form has checked the letters
    searching = "riding_q" in request.POST
    query = request.POST.get("riding_q", "").strip()[:100]
    if not at_send and not searching:
        lookup = represent.lookup_postal_code(postal_code)
    else:
        lookup = represent.cached_lookup(postal_code)
    found = ensure_mp_targets(records=lookup.mps) if lookup and lookup.found else []
    province_mps = (
        list(
            Target.objects.sitting_mps()
            .filter(riding__province=province)
            .select_related("riding")
            .order_by("riding__name")
        )
        if province and (searching or len(found) != 1 or at_send)
        else []
    )
    allowed = {t.pk: t for t in [*found, *province_mps]}
    if at_send:
        form = MPChoiceForm(request.POST, allowed=allowed.values())
    else:
        form = MPChoiceForm(
            allowed=allowed.values(), initial={"mp": found[0].pk} if len(found) == 1 else {}
        )
    choice = MPChoice(form=form, query=query)
    if searching:
        choice.outcome = "search"
    else:
        choice.outcome = lookup.outcome if lookup else represent.Outcome.UNAVAILABLE
        choice.found = found
    if choice.mode == "search":
        words = fold(query).split()
        choice.shown = [
            t
            for t in province_mps
            if all(w in fold(f"{t.riding.name} {t.riding.name_fr} {t.name}") for w in words)
        ]
    else:
        choice.shown = found
    return choice
