from functools import partial
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from advocacy import ratelimit
from advocacy.links import absolute_url
from campaigns.cache import cache_public_page
from campaigns.models import HOUSE_OF_COMMONS, Campaign, LetterTemplate
from campaigns.views import next_action, progress_label, render_campaign, visible_campaign

from . import services, signed_links
from .emails import compose_text, shown_message
from .embed import allow_framing
from .forms import LetterForm
from .links import compose_links, share_links
from .models import Delivery, Letter
from .mp_choice import resolve_mp_choice

DELIVERY_ORDER = {Delivery.Kind.TO: 0, Delivery.Kind.CC: 1, Delivery.Kind.COPY: 2}


def _letter_campaign(slug: str) -> tuple[Campaign, LetterTemplate]:
    campaign, template = visible_campaign(slug)
    if template is None:
        raise Http404
    return campaign, template


def _campaign_url(request: HttpRequest, campaign: Campaign) -> str:
    return absolute_url(campaign.get_absolute_url())


def _already_written(request: HttpRequest, campaign: Campaign, *, embed=False) -> HttpResponse:
    # The same neutral page for whoever types this address: nothing about the
    # earlier letter (no name, no status link) is shown.
    return _render(
        request,
        "letters/letter_already.html",
        {
            "campaign": campaign,
            "next_campaign": next_action(exclude=campaign),
            "share_links": share_links(url=_campaign_url(request, campaign), title=campaign.title),
            "campaign_url": _campaign_url(request, campaign),
        },
        campaign=campaign,
        embed=embed,
    )


def _render(request, name: str, context: dict, *, campaign, embed: bool, status=200):
    """A page of the letter flow, in the embed's layout and frameable when embed."""
    response = render(request, name, {**context, "embed": embed}, status=status)
    return allow_framing(response, campaign) if embed else response


def _render_form(request, campaign, template, form=None, *, embed=False, status=200):
    """The letter form again (with what was typed), on the campaign page or in the frame."""
    if not embed:
        return render_campaign(request, campaign, template, form, status=status)
    is_open = campaign.is_open()
    if form is None and is_open:
        form = LetterForm(template=template, partner=request.GET.get("partner", "")[:50])
        form.fields["embed"].initial = "1"
    return _render(
        request,
        "letters/letter_embed.html",
        {
            "campaign": campaign,
            "form": form if is_open else None,
            "is_open": is_open,
            "progress_label": progress_label(count=campaign.letter_count, goal=campaign.goal),
        },
        campaign=campaign,
        embed=True,
        status=status,
    )


@csrf_exempt  # it stores and sends nothing; see README, "The letter form and CSRF"
@require_POST
def letter_review(request: HttpRequest, slug: str, *, embed: bool = False) -> HttpResponse:
    """What each recipient will receive, from what the form posted; nothing is stored.
    Its answer carries the per-visitor parts the cached campaign page cannot: the
    CSRF token and the signed time the send steps check."""
    campaign, template = _letter_campaign(slug)
    if not campaign.is_open():
        return _render_form(request, campaign, template, embed=embed, status=410)
    form = LetterForm(request.POST, template=template)
    if "edit" in request.POST or not form.is_valid():
        return _render_form(request, campaign, template, form, embed=embed)
    mp_choice = resolve_mp_choice(request, template, form.cleaned_data["postal_code"])
    return _render_review(request, campaign, template, form, mp_choice, embed=embed)


# The embed's stand-in for a browser's CSRF secret. In a partner's frame the browser
# keeps no cookie of ours (third-party cookies blocked, SameSite), so the embed's send
# steps are CSRF-exempt and rest on the review's signed stamp instead: bound to the
# letter (campaign and email) and to "embed", made by the review page at least
# ANTIBOT_MIN_SECONDS before and within a day, spent by the letter it stores (a replay
# is refused). CSRF guards what a cookie lets a forged
# request do; these steps read no cookie and no session, so a forged POST can do no
# more than anyone can do by filling the public form, and the stamp, the fair limits
# and one letter per email still hold. A stamp made for the site's own pages (bound
# to a CSRF secret) is worth nothing here, nor one of these there.
EMBED_VISITOR = "embed"


def _visitor(request: HttpRequest, *, embed: bool = False) -> str:
    """This browser's CSRF secret (made now if it has none): the review's signed
    time is bound to it, so it is worth nothing in another browser."""
    if embed:
        return EMBED_VISITOR
    # The send steps passed the CSRF check, so the browser has its secret: read, not
    # made (get_token would also mask a fresh token and set the cookie again).
    if request.META.get("CSRF_COOKIE"):
        return request.META["CSRF_COOKIE"]
    get_token(request)
    return request.META["CSRF_COOKIE"]


def _render_review(
    request,
    campaign,
    template,
    form,
    mp_choice,
    *,
    refusal=None,
    status: int = 200,
    embed: bool = False,
) -> HttpResponse:
    """The review page; refusal, when given, returns the reason it comes back (called in
    the letter's language) for the top of the page."""
    # The whole letter, as each recipient receives it, once every recipient is
    # known: while the supporter chooses their MP, the page asks only that.
    choosing = mp_choice is not None and mp_choice.mp is None
    letter, messages = None, []
    if not choosing:
        letter, built = services.preview_letter(
            campaign,
            template=template,
            mp=mp_choice.mp if mp_choice else None,
            **_letter_fields(form),
        )
        messages = [shown_message(m) for m in built]
    form.stamp_for(_visitor(request, embed=embed))
    # The review follows the letter's language, whichever page the form was on.
    language = form.cleaned_data.get("language") or translation.get_language()
    with translation.override(language):
        response = _render(
            request,
            "letters/letter_review.html",
            {
                "campaign": campaign,
                "form": form,
                "letter": letter,
                "messages_out": messages,
                "mp_choice": mp_choice,
                "choosing": choosing,
                "refusal": refusal() if refusal else "",
            },
            campaign=campaign,
            embed=embed,
            status=status,
        )
    response["Content-Language"] = language
    return response


def _letter_fields(form: LetterForm) -> dict:
    """What the services take from the form (its errors aside, when only the stamp failed)."""
    skip = {"website", "started", *form.extra_fields}
    return {k: v for k, v in form.cleaned_data.items() if k not in skip}


@require_POST
def letter_send(request: HttpRequest, slug: str) -> HttpResponse:
    return _store_letter(request, slug, services.submit_letter)


@require_POST
def letter_own_client(request: HttpRequest, slug: str) -> HttpResponse:
    """The supporter sends it from their own mail: recorded and counted, not sent by us."""
    return _store_letter(request, slug, services.record_own_client_letter)


@csrf_exempt  # protected by the review's signed stamp instead: see EMBED_VISITOR
@require_POST
def letter_embed_send(request: HttpRequest, slug: str) -> HttpResponse:
    return _store_letter(request, slug, services.submit_letter, embed=True)


@csrf_exempt  # protected by the review's signed stamp instead: see EMBED_VISITOR
@require_POST
def letter_embed_own_client(request: HttpRequest, slug: str) -> HttpResponse:
    return _store_letter(request, slug, services.record_own_client_letter, embed=True)


def _store_letter(request: HttpRequest, slug: str, store, *, embed: bool = False) -> HttpResponse:
    """Check the form, the review's signed time, the MP pick and the limits again,
    store the letter with `store`, thank them. Whatever is refused comes back filled."""
    campaign, template = _letter_campaign(slug)
    form = LetterForm(request.POST, template=template, visitor=_visitor(request, embed=embed))
    review = partial(_render_review, request, campaign, template, form, embed=embed)

    def review_again(mp_choice) -> HttpResponse:
        # The review once more, with a fresh stamp and the reason its stamp was refused
        # at its top; what they typed is all there.
        return review(mp_choice, refusal=lambda: str(form.non_field_errors()[0]))

    if not form.is_valid():
        if not form.only_stamp_refused():
            return _render_form(request, campaign, template, form, embed=embed)
        # Sent too fast after the review, or an altered, foreign or spent stamp.
        mp_choice = resolve_mp_choice(
            request, template, form.cleaned_data["postal_code"], at_send=True
        )
        return review_again(mp_choice)
    mp_choice = resolve_mp_choice(request, template, form.cleaned_data["postal_code"], at_send=True)
    if mp_choice and mp_choice.mp is None:
        return review(mp_choice)
    email = form.cleaned_data["email"]
    wait = ratelimit.refused_for(request, "letter", email=email)
    if wait:
        response = review(mp_choice, refusal=lambda: ratelimit.refusal_message(wait), status=429)
        response["Retry-After"] = str(wait)
        return response
    if not form.spend_stamp():
        # A parallel send with this review's stamp stored a letter a moment ago.
        return review_again(mp_choice)
    try:
        letter = store(
            campaign,
            template=template,
            mp=mp_choice.mp if mp_choice else None,
            ip_hash=ratelimit.ip_hash(request),
            extra=form.extra_answers(),
            attribution=form.attribution(),
            **_letter_fields(form),
        )
    except services.CampaignClosed:
        return _render_form(request, campaign, template, embed=embed, status=410)
    except services.LettersPaused:
        # Staff paused sending: the review again, with what they wrote, saying so and
        # offering their own email (the page shows that when the campaign is paused).
        return review(mp_choice)
    except services.AlreadySigned:
        return _already_written(request, campaign, embed=embed)
    ratelimit.count(request, "letter", email=email)
    with translation.override(letter.language):  # its pages are in its language
        thanks = "letters:embed_thanks" if embed else "letters:thanks"
        return redirect(thanks, public_id=letter.public_id)


def _erased(request: HttpRequest, letter: Letter) -> HttpResponse:
    """What every page of an erased (or expired) letter says instead of its content."""
    return render(request, "letters/letter_erased.html", {"letter": letter}, status=410)


# Letter pages are one supporter's: never kept by a browser or a shared cache.
@never_cache
def letter_thanks(request: HttpRequest, public_id, *, embed: bool = False) -> HttpResponse:
    letter = get_object_or_404(
        Letter.objects.select_related("campaign", "template", "mp", "riding"),
        public_id=public_id,
    )
    if letter.erased_at:
        return _erased(request, letter)
    campaign = letter.campaign
    own_client = letter.own_mail
    if letter.state in Letter.COUNTED_STATES and not letter.tallied and not letter.is_test:
        # Counted within seconds (reports.tallies); the supporter sees it counted now.
        campaign.letter_count += 1
        campaign.own_mail_count += own_client
    message = services.own_client_message(letter) if own_client else None
    shared_url = _campaign_url(request, campaign) + "?" + urlencode({"ref": letter.referral_code})
    return _render(
        request,
        "letters/letter_thanks.html",
        {
            "letter": letter,
            "campaign": campaign,
            "own_client": own_client,
            "message_out": message,
            "compose_links": compose_links(message) if message else None,
            # Shared links carry the letter's referral code, so its status page can
            # say how many letters followed them (and nothing about who).
            "share_links": share_links(url=shared_url, title=campaign.title),
            "campaign_url": shared_url,
            "next_campaign": next_action(exclude=campaign),
            "progress_label": progress_label(count=campaign.letter_count, goal=campaign.goal),
        },
        campaign=campaign,
        embed=embed,
    )


@never_cache
def letter_embed_thanks(request: HttpRequest, public_id) -> HttpResponse:
    """The thank-you page inside the partner's frame."""
    return letter_thanks(request, public_id, embed=True)


@cache_public_page
def _embed_form(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, template = _letter_campaign(slug)
    return _render_form(request, campaign, template, embed=True)


def letter_embed(request: HttpRequest, slug: str) -> HttpResponse:
    """The letter form alone, for a frame on a partner's page (letters/embed.py). The
    same for everyone, like the campaign page, so any cache can serve it."""
    campaign, _template = _letter_campaign(slug)
    if slug != campaign.local_slug:
        return redirect(reverse("letters:embed", args=[campaign.local_slug]) + _query(request))
    return allow_framing(_embed_form(request, slug=slug), campaign)


def _query(request: HttpRequest) -> str:
    return "?" + request.GET.urlencode() if request.GET else ""


@never_cache
def letter_status(request: HttpRequest, public_id) -> HttpResponse:
    letter = get_object_or_404(Letter.objects.select_related("campaign"), public_id=public_id)
    if letter.erased_at:
        return _erased(request, letter)
    return render(
        request,
        "letters/letter_status.html",
        {
            "letter": letter,
            "campaign": letter.campaign,
            # The targets first, then the copies: the order the supporter thinks in.
            "deliveries": sorted(
                services.deliveries_of(letter), key=lambda d: DELIVERY_ORDER[d.kind]
            ),
            "own_client": letter.own_mail,
            "referred": Letter.objects.referred_by(letter).count(),
        },
    )


@never_cache
def letter_print(request, public_id):
    """The letter on paper: one page per target, with both addresses, ready to mail."""
    letter = get_object_or_404(
        Letter.objects.select_related("campaign", "riding", "mp", "template"), public_id=public_id
    )
    if letter.erased_at:
        return _erased(request, letter)
    deliveries = letter.deliveries.filter(kind=Delivery.Kind.TO, target__isnull=False)
    targets = [d.target for d in deliveries.select_related("target")]
    if not targets and letter.template_id and not letter.is_test:
        # Sent from the supporter's own mail: no deliveries of ours, the same recipients.
        targets = list(letter.template.targets.all())
        if letter.mp and letter.mp not in targets:
            targets.append(letter.mp)
    with translation.override(letter.language):  # greeting, salutation and signature
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


@never_cache
@ratelimit.ratelimit("form", email_field="")
def letter_confirm(request, token):
    """The link in the confirmation email: a page with a button, since link scanners GET."""
    letter = signed_links.letter_from_token(token, "confirm")
    if letter is None:
        return render(request, "privacy/link_invalid.html", status=404)
    if letter.erased_at and letter.state != Letter.State.EXPIRED:
        return _erased(request, letter)
    if letter.state == Letter.State.UNCONFIRMED:
        if request.method != "POST":
            return render(request, "letters/letter_confirm.html", {"letter": letter})
        try:
            letter = services.confirm_letter(letter)
        except services.AlreadySigned:
            # Their address wrote to this campaign already: this one is left to expire.
            return _already_written(request, letter.campaign)
    return render(request, "letters/letter_confirmed.html", {"letter": letter})
