"""A partner's own page: its staff sign in and see the letters it brought and the
supporters who consented to it, and nothing of any other partner or supporter."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_GET

from advocacy.ratelimit import ratelimit
from campaigns.models import Campaign
from reports.exports import stream_csv
from reports.services import finish_export

from . import services
from .models import Partner, PartnerConsent

SUPPORTER_COLUMNS = [
    "first_name", "last_name", "email", "postal_code", "city", "letter_language", "campaign",
    "consent_given_at", "consent_language", "consent_wording",
]  # fmt: skip

# Password guessing: limited like the admin's login, per address and per username.
partner_login = ratelimit("admin-login", email_field="username")(
    auth_views.LoginView.as_view(
        template_name="partners/login.html", next_page=reverse_lazy("partners:home")
    )
)


def _partner(request: HttpRequest, slug: str, *, export: bool = False) -> tuple[Partner, bool]:
    """The partner and whether this user may export its supporters: its own staff may
    see and export; the organization's staff who may see reports see it, and those who
    may export personal data export it. 403 for anyone else."""
    partner = get_object_or_404(Partner, slug=slug)
    user = request.user
    member = partner.staff.filter(pk=user.pk).exists()
    may_export = member or user.has_perm("letters.export_personal_data")
    if not (may_export if export else member or user.has_perm("campaigns.view_reports")):
        raise PermissionDenied
    return partner, may_export


@login_required(login_url=reverse_lazy("partners:login"))
def partner_home(request: HttpRequest) -> HttpResponse:
    partners = list(request.user.partners.all())
    if len(partners) == 1:
        return redirect(partners[0])
    return render(request, "partners/partner_home.html", {"partners": partners})


@require_GET
@login_required(login_url=reverse_lazy("partners:login"))
def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner, may_export = _partner(request, slug)
    letters = {
        row["campaign"]: row
        for row in partner.letters()
        .values("campaign")
        .annotate(letters=Count("id"), embedded=Count("id", filter=Q(embedded=True)))
        .order_by()
    }
    consents = dict(
        PartnerConsent.objects.exportable()
        .filter(partner=partner)
        .values_list("letter__campaign")
        .annotate(n=Count("id"))
        .order_by()
    )
    campaigns = Campaign.objects.in_bulk({*letters, *consents})
    rows = sorted(
        (
            {
                "campaign": campaign,
                "letters": letters.get(pk, {}).get("letters", 0),
                "embedded": letters.get(pk, {}).get("embedded", 0),
                "consents": consents.get(pk, 0),
            }
            for pk, campaign in campaigns.items()
        ),
        key=lambda row: (-row["letters"], row["campaign"].slug),
    )
    return render(
        request,
        "partners/partner_detail.html",
        {
            "partner": partner,
            "rows": rows,
            "total": {k: sum(r[k] for r in rows) for k in ("letters", "embedded", "consents")},
            "may_export": may_export,
        },
    )


@require_GET
@login_required(login_url=reverse_lazy("partners:login"))
def partner_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The supporters who ticked this partner's box (of one campaign, or all), as CSV;
    each export in the export log. No one else is ever in it."""
    partner, _may_export = _partner(request, slug, export=True)
    campaign = None
    if request.GET.get("campaign"):
        campaign = get_object_or_404(Campaign, slug=request.GET["campaign"])
    consents = PartnerConsent.objects.exportable().filter(partner=partner)
    if campaign is not None:
        consents = consents.filter(letter__campaign=campaign)
    rows = (
        consents.order_by("given_at", "id").values_list(
            "letter__first_name",
            "letter__last_name",
            "letter__email",
            "letter__postal_code",
            "letter__city",
            "letter__language",
            "letter__campaign__slug",
            "given_at",
            "language",
            "wording",
        )  # fmt: skip
    )
    log = services.start_supporters_export(partner, user=request.user, campaign=campaign)
    response = StreamingHttpResponse(
        stream_csv(
            SUPPORTER_COLUMNS,
            rows,
            on_finish=lambda n: finish_export(log, row_count=n),
            typed=(0, 1, 2, 4),  # decrypted here, kept from running as formulas
        ),
        content_type="text/csv; charset=utf-8",
    )
    name = f"{partner.slug}-{campaign.slug if campaign else 'all-campaigns'}-supporters.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
