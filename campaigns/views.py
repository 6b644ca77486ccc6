from django.core.paginator import Paginator
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.formats import number_format
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control

from letters.emails import describe_placeholders, join_names
from letters.forms import LetterForm

from .cache import cache_public_page
from .models import Campaign, LetterTemplate

CAMPAIGNS_PER_PAGE = 10


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    campaigns = (
        Campaign.objects.open()
        .only("title", "slug", "summary", "urgent", "close_at", "letter_count", "goal")
        # Urgent first, then newest; an unscheduled campaign dates from its creation.
        .order_by("-urgent", Coalesce("publish_at", "created_at").desc(), "-id")
    )
    page = Paginator(campaigns, CAMPAIGNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "campaigns/campaign_list.html", {"page": page})


def visible_campaign(slug: str) -> tuple[Campaign, LetterTemplate | None]:
    """The campaign the public may see (drafts and scheduled ones 404), with its
    model letter and the letter's targets."""
    campaign = get_object_or_404(Campaign.objects.live(), slug=slug)
    template = campaign.letter_templates.prefetch_related("targets").first()
    return campaign, template


def render_campaign(
    request: HttpRequest,
    campaign: Campaign,
    template: LetterTemplate | None,
    form: LetterForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """The campaign page, with the letter form when the campaign takes letters."""
    is_open = campaign.is_open()
    targets = list(template.targets.all()) if template else []
    if form is None and template is not None and is_open:
        form = LetterForm(template=template)
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
    return render_campaign(request, campaign, template)


@cache_control(public=True, max_age=15)
def campaign_count(request: HttpRequest, slug: str) -> JsonResponse:
    """The live count the campaign page's progress bar polls: one indexed read."""
    row = Campaign.objects.live().filter(slug=slug).values("letter_count", "goal").first()
    if row is None:
        raise Http404
    count, goal = row["letter_count"], row["goal"]
    return JsonResponse(
        {
            "count": count,
            "goal": goal,
            "percent": min(100, count * 100 // goal) if goal else 100,
            "label": progress_label(count=count, goal=goal),
        }
    )


def progress_label(*, count: int, goal: int) -> str:
    """'1,287 letters of 5,000', in the page's language."""
    return ngettext("%(count)s letter of %(goal)s", "%(count)s letters of %(goal)s", count) % {
        "count": number_format(count, force_grouping=True),
        "goal": number_format(goal, force_grouping=True),
    }


def next_action(*, exclude: Campaign | None = None) -> Campaign | None:
    """The action to suggest next: the newest urgent open campaign, else the newest open one."""
    campaigns = Campaign.objects.open().order_by(
        "-urgent", Coalesce("publish_at", "created_at").desc(), "-id"
    )
    if exclude is not None:
        campaigns = campaigns.exclude(pk=exclude.pk)
    return campaigns.only("title", "slug", "summary", "urgent", "letter_count").first()
