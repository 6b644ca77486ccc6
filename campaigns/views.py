import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.views.decorators.cache import cache_control

from advocacy import ratelimit
from advocacy.links import absolute_url
from letters.emails import describe_placeholders, join_names
from letters.forms import LetterForm

from . import pdf, services
from .cache import cache_public_page, cached_campaign
from .forms import CoSignRequestForm
from .models import Achievement, Campaign, LetterTemplate
from .preview import campaign_id_from

CAMPAIGNS_PER_PAGE = 10
COUNT_MAX_AGE = 5


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    campaigns = (
        Campaign.objects.open()
        .only(
            "title",
            "slug",
            "slug_fr",
            "languages",
            "summary",
            "urgent",
            "close_at",
            "letter_count",
            "own_mail_count",
            "goal",
        )
        # Urgent first, then newest; an unscheduled campaign dates from its creation.
        .order_by("-urgent", Coalesce("publish_at", "created_at").desc(), "-id")
    )
    page = Paginator(campaigns, CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "campaigns/campaign_list.html", {"page": page})


def visible_campaign(slug: str) -> tuple[Campaign, LetterTemplate | None]:
    """The campaign the public may see (drafts and scheduled ones 404), with its
    model letter and the letter's targets, from the version-keyed cache."""
    campaign, template = cached_campaign(slug, lambda: _load_campaign(slug))
    if campaign is None or not campaign.is_visible():
        raise Http404
    return campaign, template


def _load_campaign(slug: str) -> tuple[Campaign | None, LetterTemplate | None]:
    campaign = Campaign.objects.by_slug(slug).first()
    if campaign is None:
        return None, None
    return campaign, campaign.letter_templates.prefetch_related("targets").first()


def render_campaign(
    request: HttpRequest,
    campaign: Campaign,
    template: LetterTemplate | None,
    form: LetterForm | None = None,
    *,
    status: int = 200,
    preview: bool = False,
) -> HttpResponse:
    """The campaign page, with the letter form when the campaign takes letters.

    A preview shows it as it will look once open, whatever its status today."""
    is_open = preview or campaign.is_open()
    targets = list(template.targets.all()) if template else []
    if form is None and template is not None and is_open:
        form = LetterForm(template=template, partner=request.GET.get("partner", "")[:50])
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "template": template,
            "targets": targets,
            "model_letter": _model_letter(template, targets) if template else None,
            "form": form if is_open else None,
            "is_open": is_open,
            "progress_label": progress_label(count=campaign.letter_count, goal=campaign.goal),
            "preview": preview,
            # A closed campaign is no dead end: it points to the next open one.
            "next_campaign": None if is_open else next_action(exclude=campaign),
        },
        status=status,
    )


def _model_letter(template: LetterTemplate, targets: list) -> dict[str, str]:
    names = join_names([t.greeting_name for t in targets])
    return {
        "subject": describe_placeholders(template.subject, target_names=names),
        "body": describe_placeholders(template.body, target_names=names),
    }


@cache_public_page
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, template = visible_campaign(slug)
    if slug != campaign.local_slug:
        # The English slug under /fr/ (or the reverse): the page's one address.
        return redirect(campaign.get_absolute_url(), permanent=True)
    if not campaign.offers(get_language()):
        return render_elsewhere(request, campaign)
    return render_campaign(request, campaign, template)


def render_elsewhere(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """A campaign offered in another language only: say so plainly, in the page's
    language, and link to it, rather than mix two languages on one page."""
    other = campaign.languages_offered()[0]
    with translation.override(other):
        url, title = campaign.get_absolute_url(), campaign.title
    return render(
        request,
        "campaigns/campaign_elsewhere.html",
        {"campaign": campaign, "other": other, "other_url": url, "other_title": title},
    )


# A few seconds in shared caches (nginx, a CDN), like the fold that feeds it: the page's
# count stays within ~10 s for a crowd at one request per cache every few seconds. The
# page itself may come from a cache; browsers ask again each time they poll.
@cache_control(public=True, max_age=0, s_maxage=COUNT_MAX_AGE)
def campaign_count(request: HttpRequest, slug: str) -> JsonResponse:
    """The live count the campaign page's progress bar asks for: one indexed read."""
    row = (
        Campaign.objects.live()
        .by_slug(slug)
        .values("letter_count", "own_mail_count", "goal")
        .first()
    )
    if row is None:
        raise Http404
    count, own_mail, goal = row["letter_count"], row["own_mail_count"], row["goal"]
    return JsonResponse(
        {
            "count": count,
            "sent": count - own_mail,
            "own_mail": own_mail,
            "goal": goal,
            "percent": min(100, count * 100 // goal) if goal else 100,
            "label": progress_label(count=count, goal=goal),
            "counts_label": counts_label(sent=count - own_mail, own_mail=own_mail),
        }
    )


def counts_label(*, sent: int, own_mail: int) -> str:
    """'1,204 letters sent · 310 sent from supporters' own email': the letters the site
    sent and those supporters sent themselves, apart (the site cannot say the latter
    reached anyone, so it never calls them sent by us)."""
    label = ngettext("%(count)s letter sent", "%(count)s letters sent", sent) % {
        "count": number_format(sent, force_grouping=True)
    }
    if own_mail:
        label += " · " + ngettext(
            "%(count)s sent from a supporter's own email",
            "%(count)s sent from supporters' own email",
            own_mail,
        ) % {"count": number_format(own_mail, force_grouping=True)}
    return label


def progress_label(*, count: int, goal: int) -> str:
    """'1,287 letters of 5,000', in the page's language."""
    return ngettext("%(count)s letter of %(goal)s", "%(count)s letters of %(goal)s", count) % {
        "count": number_format(count, force_grouping=True),
        "goal": number_format(goal, force_grouping=True),
    }


def next_action(*, exclude: Campaign | None = None) -> Campaign | None:
    """The action to suggest next: the newest urgent open campaign, else the newest open one."""
    campaigns = (
        Campaign.objects.open()
        .offered_in(get_language())
        .order_by("-urgent", Coalesce("publish_at", "created_at").desc(), "-id")
    )
    if exclude is not None:
        campaigns = campaigns.exclude(pk=exclude.pk)
    return campaigns.only("title", "slug", "slug_fr", "summary", "urgent", "letter_count").first()


def campaign_preview(request: HttpRequest, token: str) -> HttpResponse:
    """A campaign exactly as the public will see it, through a signed expiring link."""
    campaign_id = campaign_id_from(token)
    if campaign_id is None:
        raise Http404
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    template = campaign.letter_templates.prefetch_related("targets").first()
    response = render_campaign(request, campaign, template, preview=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _visible_statement(slug) -> Campaign:
    return get_object_or_404(
        Campaign.objects.live().by_slug(slug).filter(kind=Campaign.Kind.STATEMENT)
    )


def cosigner_request(request, slug):
    campaign = _visible_statement(slug)
    form = CoSignRequestForm(request.POST or None)
    wait = 0
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["contact_email"]
        wait = ratelimit.refuse_form(request, form, "form", email=email)
        if not wait:
            services.request_cosign(campaign, **form.cleaned_data)
            ratelimit.count(request, "form", email=email)
            return render(request, "campaigns/cosigner_thanks.html", {"campaign": campaign})
    return ratelimit.form_response(
        render(request, "campaigns/cosigner_request.html", {"campaign": campaign, "form": form}),
        wait=wait,
    )


def statement_print(request, slug):
    campaign = _visible_statement(slug)
    cosigners = campaign.cosigners.approved()
    return render(
        request, "campaigns/statement_print.html", {"campaign": campaign, "cosigners": cosigners}
    )


def statement_pdf(request, slug):
    campaign = _visible_statement(slug)
    url = absolute_url(campaign.get_absolute_url())
    cosigners = list(campaign.cosigners.approved())
    # Making the PDF costs a few hundred milliseconds of CPU: keep it until the
    # statement or its co-signers change (or the date printed on it does).
    version = repr(
        (campaign.updated_at, timezone.localdate(), [(c.pk, c.name, c.url) for c in cosigners])
    )
    key = f"statement-pdf:{campaign.pk}:{hashlib.sha256(version.encode()).hexdigest()}"
    content = cache.get(key)
    if content is None:
        content = pdf.statement_pdf(campaign, cosigners, url=url)
        cache.set(key, content, 24 * 3600)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{campaign.slug}.pdf"'
    return response


def achievement_list(request):
    achievements = Achievement.objects.timeline().prefetch_related(
        "links",
        Prefetch("campaigns", queryset=Campaign.objects.live().only("slug", "slug_fr", "title")),
    )
    groups = []
    for achievement in achievements:
        key = None if achievement.is_ongoing else achievement.sort_date.year
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append(achievement)
    return render(request, "campaigns/achievement_list.html", {"groups": groups})
