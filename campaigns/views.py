import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from letters.forms import LetterForm

from . import pdf, services
from .forms import CoSignRequestForm
from .models import Achievement, Campaign


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


def _visible_statement(slug) -> Campaign:
    campaign = get_object_or_404(Campaign, slug=slug, kind=Campaign.Kind.STATEMENT)
    if not campaign.is_visible(timezone.now()):
        raise Http404
    return campaign


def cosigner_request(request, slug):
    campaign = _visible_statement(slug)
    form = CoSignRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_cosign(campaign, **form.cleaned_data)
        return render(request, "campaigns/cosigner_thanks.html", {"campaign": campaign})
    return render(request, "campaigns/cosigner_request.html", {"campaign": campaign, "form": form})


def statement_print(request, slug):
    campaign = _visible_statement(slug)
    cosigners = campaign.cosigners.approved()
    return render(
        request, "campaigns/statement_print.html", {"campaign": campaign, "cosigners": cosigners}
    )


def statement_pdf(request, slug):
    campaign = _visible_statement(slug)
    url = settings.SITE_URL + campaign.get_absolute_url()
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
        "links", Prefetch("campaigns", queryset=Campaign.objects.live().only("slug", "title"))
    )
    groups = []
    for achievement in achievements:
        key = None if achievement.is_ongoing else achievement.sort_date.year
        if not groups or groups[-1][0] != key:
            groups.append((key, []))
        groups[-1][1].append(achievement)
    return render(request, "campaigns/achievement_list.html", {"groups": groups})
