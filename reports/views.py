from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from campaigns.models import Campaign, Province

from . import after_letter, figures, services
from .charts import daily_chart
from .exports import HEADERS, export_rows, stream_csv, stream_export
from .forms import ExportForm, PeriodForm
from .models import ExportLog

COUNTS_CACHE_KEY = "reports:campaign-counts"
COUNTS_MAX_AGE = 30  # seconds: partners' progress bars may lag this much, no more


def reports_access(view: Callable) -> Callable:
    """Staff who may see reports (Organizers, superusers); others are sent to log in or refused."""

    @staff_member_required
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.has_perm("campaigns.view_reports"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


def _csv_response(rows_text, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(rows_text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _filename(kind: str, campaign: Campaign | None, period: dict) -> str:
    parts = [campaign.slug if campaign else "all-campaigns", kind]
    if period["date_from"]:
        parts.append(f"from-{period['date_from']:%Y-%m-%d}")
    if period["date_to"]:
        parts.append(f"to-{period['date_to']:%Y-%m-%d}")
    return "-".join(parts).replace("_", "-") + ".csv"


def _render_index(request, *, export_form: ExportForm, status: int = 200) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    campaigns = Campaign.objects.only("title", "slug", "status", "letter_count", "goal").order_by(
        "-created_at"
    )

    # The figures are the tallies as the counting job left them (every few seconds):
    # a page never folds, which would make it wait on the job's lock and work.
    def compute() -> dict:
        with figures.heavy_reads():
            return {
                "rows": figures.campaign_figures(campaigns, **form.period),
                "overall": figures.overall_figures(**form.period),
            }

    data = figures.cached_figures(f"index:{figures.period_key(**form.period)}", compute)
    return render(
        request,
        "reports/report_index.html",
        {**data, "form": form, "export_form": export_form},
        status=status,
    )


def _render_campaign(request, campaign: Campaign, *, form: PeriodForm, status=200) -> HttpResponse:
    period = form.period

    def compute() -> dict:  # small reads of the tallies, as the index's
        return {
            **figures.campaign_page_figures(campaign, **period),
            "after_letter": after_letter.target_rows(campaign, **period),
            "sources": figures.source_rows(campaign, **period),
            "referrers": figures.top_referrers(campaign, **period),
        }

    data = figures.cached_figures(f"campaign:{campaign.pk}:{figures.period_key(**period)}", compute)
    province_names = dict(Province.choices)
    for row in data["provinces"]:
        row["name"] = province_names.get(row["province"], "")
    language_names = dict(settings.LANGUAGES)
    for row in data.get("languages", []):
        row["name"] = language_names.get(row["language"], row["language"])
    return render(
        request,
        "reports/report_campaign.html",
        {
            **data,
            "campaign": campaign,
            "form": form,
            "chart": daily_chart(data["days"]),
            "may_export_personal_data": request.user.has_perm("letters.export_personal_data"),
            "period_query": urlencode(
                {k: v.isoformat() for k, v in form.cleaned_data.items() if v}
                if form.is_valid()
                else {}
            ),
        },
        status=status,
    )


@require_GET
@reports_access
def report_index(request: HttpRequest) -> HttpResponse:
    return _render_index(request, export_form=ExportForm(initial=request.GET.dict()))


@require_GET
@reports_access
def report_campaign(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.by_slug(slug))
    return _render_campaign(request, campaign, form=PeriodForm(request.GET or None))


@require_GET
@reports_access
def export_csv(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        return _render_index(request, export_form=form, status=400)
    campaign, period = form.cleaned_data["campaign"], form.period
    kind = form.cleaned_data["kind"]
    log = services.start_export(
        kind=kind, source=ExportLog.Source.WEB, user=request.user, campaign=campaign, **period
    )
    rows = export_rows(kind, campaign=campaign, **period)
    return _csv_response(
        stream_csv(
            HEADERS[kind],
            rows,
            on_finish=lambda n: services.finish_export(log, row_count=n),
        ),
        _filename(kind, campaign, period),
    )


@require_GET
@reports_access
def supporters_csv(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.has_perm("letters.export_personal_data"):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign.objects.by_slug(slug))
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _render_campaign(request, campaign, form=form, status=400)
    kind = ExportLog.Kind.SUPPORTERS
    log = services.start_export(
        kind=kind, source=ExportLog.Source.WEB, user=request.user, campaign=campaign, **form.period
    )
    rows = export_rows(kind, campaign=campaign, **form.period)
    return _csv_response(
        stream_export(kind, rows, on_finish=lambda n: services.finish_export(log, row_count=n)),
        _filename("supporters", campaign, form.period),
    )


@require_GET
def campaign_counts(request: HttpRequest) -> JsonResponse:
    """Each published campaign's letter count and goal, for partners' sites."""
    data = cache.get(COUNTS_CACHE_KEY)
    if data is None:
        data = {
            "campaigns": [
                {
                    "slug": slug,
                    "title": title,
                    "count": count,  # every letter that counts: the two below together
                    "sent": count - own_mail,  # letters the site sent
                    "own_mail": own_mail,  # letters supporters sent from their own email
                    "goal": goal,
                }
                for slug, title, count, own_mail, goal in Campaign.objects.live()
                .order_by("slug")
                .values_list("slug", "title", "letter_count", "own_mail_count", "goal")
            ],
            "generated_at": timezone.now().isoformat(),
        }
        cache.set(COUNTS_CACHE_KEY, data, COUNTS_MAX_AGE)
    response = JsonResponse(data)
    response["Cache-Control"] = f"public, max-age={COUNTS_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"  # public figures, read by partners' pages
    return response
