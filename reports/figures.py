"""Reads: the figures organizers see. A few grouped queries per page, whatever the
number of campaigns or letters; never one query per campaign."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import Lower, TruncDate
from django.utils import timezone

from campaigns.models import Campaign
from letters.models import Delivery, Letter

# Deliveries are shown in these columns; "queued" holds those waiting and those
# being sent at this moment (a worker's claim), so every delivery sits in exactly one.
DELIVERY_COLUMNS = {
    "queued": [Delivery.State.QUEUED, Delivery.State.SENDING],
    "sent": [Delivery.State.SENT],
    "delivered": [Delivery.State.DELIVERED],
    "bounced": [Delivery.State.BOUNCED],
    "complained": [Delivery.State.COMPLAINED],
    "failed": [Delivery.State.FAILED],
}


@contextmanager
def heavy_reads():
    """A transaction for the report pages' aggregates, with room to sort in memory.

    On PostgreSQL the default work_mem (4 MB) sends a sort of a million emails or
    days to disk; 64 MB keeps it in memory, for these few queries only.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


def signed_letters() -> QuerySet:
    """Letters that count: accepted or sent from the supporter's own mail, never tests."""
    return Letter.objects.counted().filter(is_test=False)


def target_deliveries() -> QuerySet:
    """Deliveries to a campaign's targets (To) of letters that count."""
    return Delivery.objects.filter(
        kind=Delivery.Kind.TO,
        letter__state__in=Letter.COUNTED_STATES,
        letter__is_test=False,
    )


def signers_count(prefix: str = "", filter: Q | None = None):
    """Unique supporters by email; an erased letter (no email left) is one supporter."""
    erased = Q(**{f"{prefix}email__isnull": True})
    return Count(Lower(f"{prefix}email"), distinct=True, filter=filter) + Count(
        f"{prefix}id", filter=erased & filter if filter else erased
    )


def signed_filter(prefix: str = "", date_from=None, date_to=None) -> Q:
    """signed_letters() and in_range() as a Q, for counting letters from another model."""
    return Q(**{f"{prefix}state__in": Letter.COUNTED_STATES, f"{prefix}is_test": False}) & (
        period_filter(f"{prefix}created_at", date_from, date_to)
    )


def delivery_counts(prefix: str = "") -> dict:
    counts = {
        name: Count(f"{prefix}id", filter=Q(**{f"{prefix}state__in": states}))
        for name, states in DELIVERY_COLUMNS.items()
    }
    counts["total"] = Count(f"{prefix}id")
    return counts


def local_start(day: date) -> datetime:
    """Midnight at the start of a day, in the site's time zone."""
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def period_filter(field: str, date_from: date | None, date_to: date | None) -> Q:
    """From the first day to the last day, both included (local days); either may be open."""
    q = Q()
    if date_from:
        q &= Q(**{f"{field}__gte": local_start(date_from)})
    if date_to:
        q &= Q(**{f"{field}__lt": local_start(date_to + timedelta(days=1))})
    return q


def in_range(qs: QuerySet, date_from: date | None, date_to: date | None, field="created_at"):
    """Rows created from the first day to the last day, both included (local days)."""
    return qs.filter(period_filter(field, date_from, date_to))


def period_starts(now: datetime) -> tuple[datetime, datetime]:
    """Local midnight today and on this week's Monday."""
    today = timezone.localdate(now)
    return local_start(today), local_start(today - timedelta(days=today.weekday()))


@dataclass
class CampaignFigures:
    campaign: Campaign
    signers: int = 0
    letters: int = 0
    own_client: int = 0
    today: int = 0
    this_week: int = 0
    first_letter_at: datetime | None = None
    last_letter_at: datetime | None = None
    deliveries: dict | None = None

    @property
    def counter_differs(self) -> bool:
        """The maintained counter no longer matches the letters (see recount_letters)."""
        return self.campaign.letter_count != self.letters


def _letter_aggregates(now: datetime, *, one_campaign: bool = False) -> dict:
    today, week = period_starts(now)
    return {
        # Within one campaign each counted letter is one supporter: the form stores the
        # email lower-cased and one_letter_per_email_per_campaign allows one letter per
        # email (erased letters, without one, are one supporter each). So signers =
        # letters there, without a COUNT(DISTINCT) sort of every email; only the total
        # across campaigns, where one supporter may have written to several, needs it.
        "signers": Count("id") if one_campaign else signers_count(),
        "letters": Count("id"),
        "own_client": Count("id", filter=Q(state=Letter.State.OWN_CLIENT)),
        "today": Count("id", filter=Q(created_at__gte=today)),
        "this_week": Count("id", filter=Q(created_at__gte=week)),
    }


def campaign_figures(
    campaigns: QuerySet,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    now: datetime | None = None,
    with_deliveries: bool = True,
) -> list[CampaignFigures]:
    """Figures for each campaign: three queries, however many campaigns there are."""
    now = now or timezone.now()
    campaigns = list(campaigns)
    ids = [c.pk for c in campaigns]
    letters = in_range(signed_letters().filter(campaign_id__in=ids), date_from, date_to)
    by_campaign = {
        row.pop("campaign_id"): row
        for row in letters.values("campaign_id")
        .annotate(
            **_letter_aggregates(now, one_campaign=True),
            first_letter_at=Min("created_at"),
            last_letter_at=Max("created_at"),
        )
        .order_by()
    }
    deliveries_by_campaign = {}
    if with_deliveries:
        deliveries = in_range(
            target_deliveries().filter(letter__campaign_id__in=ids),
            date_from,
            date_to,
            "letter__created_at",
        )
        deliveries_by_campaign = {
            row.pop("letter__campaign_id"): row
            for row in deliveries.values("letter__campaign_id")
            .annotate(**delivery_counts())
            .order_by()
        }
    empty_deliveries = dict.fromkeys([*DELIVERY_COLUMNS, "total"], 0)
    return [
        CampaignFigures(
            campaign=c,
            deliveries=deliveries_by_campaign.get(c.pk, empty_deliveries),
            **by_campaign.get(c.pk, {}),
        )
        for c in campaigns
    ]


def overall_figures(
    *, date_from: date | None = None, date_to: date | None = None, now: datetime | None = None
) -> dict:
    """Totals across campaigns: a supporter who wrote to two campaigns is one signer here."""
    now = now or timezone.now()
    letters = in_range(signed_letters(), date_from, date_to)
    return letters.aggregate(**_letter_aggregates(now))


@dataclass
class Day:
    day: date
    letters: int
    running_total: int


def _days_from(per_day: dict, before: int) -> list[Day]:
    """Every day from the first to the last with letters, quiet days too, and running totals."""
    if not per_day:
        return []
    first, last = min(per_day), max(per_day)
    days, total = [], before
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        total += per_day.get(day, 0)
        days.append(Day(day=day, letters=per_day.get(day, 0), running_total=total))
    return days


def _letters_before(letters: QuerySet, date_from: date | None) -> int:
    return letters.filter(created_at__lt=local_start(date_from)).count() if date_from else 0


def daily_letters(
    campaign: Campaign, *, date_from: date | None = None, date_to: date | None = None
) -> list[Day]:
    """Letters per local day with the running total since the campaign began,
    every day of the period listed (quiet days too)."""
    letters = signed_letters().filter(campaign=campaign)
    per_day = dict(
        in_range(letters, date_from, date_to)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
        .values_list("day", "n")
    )
    return _days_from(per_day, _letters_before(letters, date_from)) if per_day else []


# Within one campaign each letter is one supporter (one letter per email per
# campaign), so the breakdowns count letters: no COUNT(DISTINCT) sort over a
# million emails per table. The CSV exports still count distinct signers.


def _place_rows(campaign: Campaign, date_from, date_to) -> list[dict]:
    """Letters per (province, riding, language): the three breakdowns from one scan."""
    letters = in_range(signed_letters().filter(campaign=campaign), date_from, date_to)
    return list(
        letters.values("province", "riding__code", "riding__name", "riding__province", "language")
        .annotate(letters=Count("id"))
        .order_by()
    )


def _languages_of(rows: list[dict]) -> list[dict]:
    """Letters per language they were written in, the most first."""
    totals = {}
    for row in rows:
        totals[row["language"]] = totals.get(row["language"], 0) + row["letters"]
    return [
        {"language": code, "letters": n}
        for code, n in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]


def _provinces_of(rows: list[dict]) -> list[dict]:
    totals = {}
    for row in rows:
        totals[row["province"]] = totals.get(row["province"], 0) + row["letters"]
    return [
        {"province": province, "letters": n}
        for province, n in sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    ]


def _ridings_of(rows: list[dict]) -> list[dict]:
    totals = {}
    for row in rows:
        key = (row["riding__code"], row["riding__name"], row["riding__province"])
        totals[key] = totals.get(key, 0) + row["letters"]
    ridings = [
        {"riding__code": code, "riding__name": name, "riding__province": province, "letters": n}
        for (code, name, province), n in totals.items()
    ]
    # The most first; letters without a riding after the others with as many.
    return sorted(
        ridings,
        key=lambda r: (-r["letters"], r["riding__name"] is None, r["riding__name"] or ""),
    )


def province_figures(campaign: Campaign, *, date_from=None, date_to=None) -> list[dict]:
    """Letters per province, the most first."""
    return _provinces_of(_place_rows(campaign, date_from, date_to))


def riding_figures(campaign: Campaign, *, date_from=None, date_to=None) -> list[dict]:
    """Letters per riding, the most first; letters without a riding together."""
    return _ridings_of(_place_rows(campaign, date_from, date_to))


def campaign_page_figures(
    campaign: Campaign,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    now: datetime | None = None,
) -> dict:
    """Everything a campaign's report page shows, from three scans of its letters
    (per day, per place, its deliveries), and a fourth count with a start date.

    The summary is added up from the days: "today" and "this week" start at local
    midnight, where the days are cut, so the sums are the same counts.
    """
    now = now or timezone.now()
    letters = signed_letters().filter(campaign=campaign)
    per_day = list(
        in_range(letters, date_from, date_to)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(
            n=Count("id"),
            own_client=Count("id", filter=Q(state=Letter.State.OWN_CLIENT)),
            first=Min("created_at"),
            last=Max("created_at"),
        )
        .order_by("day")
    )
    today, week = (timezone.localdate(start) for start in period_starts(now))
    summary = CampaignFigures(
        campaign=campaign,
        signers=sum(d["n"] for d in per_day),
        letters=sum(d["n"] for d in per_day),
        own_client=sum(d["own_client"] for d in per_day),
        today=sum(d["n"] for d in per_day if d["day"] >= today),
        this_week=sum(d["n"] for d in per_day if d["day"] >= week),
        first_letter_at=min((d["first"] for d in per_day), default=None),
        last_letter_at=max((d["last"] for d in per_day), default=None),
    )
    places = _place_rows(campaign, date_from, date_to)
    targets = target_figures(campaign, date_from=date_from, date_to=date_to)
    summary.deliveries = sum_deliveries(targets)
    days = (
        _days_from({d["day"]: d["n"] for d in per_day}, _letters_before(letters, date_from))
        if per_day
        else []
    )
    return {
        "days": days,
        "provinces": _provinces_of(places),
        "languages": _languages_of(places),
        "ridings": _ridings_of(places),
        "targets": targets,
        "summary": summary,
    }


def cached_figures(key: str, compute: Callable[[], dict]) -> dict:
    """The figures compute() returns, with computed_at, kept REPORTS_CACHE_SECONDS.

    The aggregates take seconds on a campaign of a million letters; organizers are
    shown the time they were computed, and never figures older than the setting.
    """
    seconds = settings.REPORTS_CACHE_SECONDS
    key = f"reports:figures:{key}"
    if seconds > 0:
        hit = cache.get(key)
        if hit is not None:
            return {**hit, "figures_max_age": seconds}
    data = {**compute(), "computed_at": timezone.now()}
    if seconds > 0:
        cache.set(key, data, seconds)
    return {**data, "figures_max_age": seconds}


def period_key(date_from: date | None, date_to: date | None) -> str:
    return f"{date_from or ''}:{date_to or ''}"


def sum_deliveries(rows: list[dict]) -> dict:
    """The delivery columns added up, e.g. over a campaign's targets."""
    return {k: sum(r[k] for r in rows) for k in [*DELIVERY_COLUMNS, "total"]}


def target_figures(campaign: Campaign, *, date_from=None, date_to=None) -> list[dict]:
    """For each To target: how many deliveries are in each state."""
    deliveries = in_range(
        target_deliveries().filter(letter__campaign=campaign),
        date_from,
        date_to,
        "letter__created_at",
    )
    return list(
        deliveries.values("target_id", "target__name", "target__title")
        .annotate(**delivery_counts())
        .order_by("target__name", "target_id")
    )
