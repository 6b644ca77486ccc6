"""Reads: the figures organizers see. A few grouped queries per page, whatever the
number of campaigns or letters; never one query per campaign."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import Case, Count, F, Max, Min, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from campaigns.models import Campaign, Riding, Target
from letters.models import Delivery, Letter

from .models import DeliveryTally, LetterTally, ReferralTally, ReferralTotal, SourceTally
from .tallies import signers_total

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
def read_transaction(using: str = "default"):
    """A transaction for reads on PostgreSQL, where SET LOCAL and streaming cursors need
    one. None on SQLite: there a transaction takes the write lock as it begins
    (IMMEDIATE, see advocacy/settings.py), so a long read would hold up every letter,
    and WAL gives each query a snapshot of its own anyway."""
    if connections[using].vendor == "sqlite":
        yield
        return
    with transaction.atomic(using=using):
        yield


@contextmanager
def heavy_reads():
    """A transaction for the report pages' aggregates, with room to sort in memory.

    On PostgreSQL the default work_mem (4 MB) sends a sort of a million emails or
    days to disk; 64 MB keeps it in memory, for these few queries only.
    """
    with read_transaction():
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
    erased = Q(**{f"{prefix}email_index__isnull": True})
    return Count(f"{prefix}email_index", distinct=True, filter=filter) + Count(
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


def _tallies(model, campaign_ids, date_from, date_to) -> QuerySet:
    rows = model.objects.filter(campaign_id__in=campaign_ids)
    if date_from:
        rows = rows.filter(day__gte=date_from)
    if date_to:
        rows = rows.filter(day__lte=date_to)
    return rows


def _columns(state_counts) -> dict:
    """Delivery counts by state, as the report's columns (queued includes sending)."""
    columns = dict.fromkeys([*DELIVERY_COLUMNS, "total"], 0)
    for state, n in state_counts:
        for name, states in DELIVERY_COLUMNS.items():
            if state in states:
                columns[name] += n
        columns["total"] += n
    return columns


def campaign_figures(
    campaigns: QuerySet,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    now: datetime | None = None,
    with_deliveries: bool = True,
) -> list[CampaignFigures]:
    """Figures for each campaign, from the tallies: two small reads, however many
    campaigns and letters there are."""
    now = now or timezone.now()
    campaigns = list(campaigns)
    ids = [c.pk for c in campaigns]
    today, week = (timezone.localdate(start) for start in period_starts(now))
    by_campaign = {
        row.pop("campaign_id"): {
            k: v or 0 if k not in ("first", "last") else v for k, v in row.items()
        }
        for row in _tallies(LetterTally, ids, date_from, date_to)
        .values("campaign_id")
        .annotate(
            n=Sum("letters"),
            own=Sum("own_mail"),
            in_today=Sum("letters", filter=Q(day__gte=today)),
            in_week=Sum("letters", filter=Q(day__gte=week)),
            first=Min("first_at"),
            last=Max("last_at"),
        )
        .order_by()
    }
    states: dict[int, list] = {}
    if with_deliveries:
        for row in (
            _tallies(DeliveryTally, ids, date_from, date_to)
            .values("campaign_id", "state")
            .annotate(n=Sum("deliveries"))
            .order_by()
        ):
            states.setdefault(row["campaign_id"], []).append((row["state"], row["n"]))
    figures = []
    for c in campaigns:
        row = by_campaign.get(c.pk, {})
        figures.append(
            CampaignFigures(
                campaign=c,
                # Within one campaign each letter is one supporter (one per email).
                signers=row.get("n") or 0,
                letters=row.get("n") or 0,
                own_client=row.get("own") or 0,
                today=row.get("in_today") or 0,
                this_week=row.get("in_week") or 0,
                first_letter_at=row.get("first"),
                last_letter_at=row.get("last"),
                deliveries=_columns(states.get(c.pk, [])),
            )
        )
    return figures


def overall_figures(
    *, date_from: date | None = None, date_to: date | None = None, now: datetime | None = None
) -> dict:
    """Totals across campaigns: a supporter who wrote to two campaigns is one signer here."""
    now = now or timezone.now()
    today, week = (timezone.localdate(start) for start in period_starts(now))
    tallies = LetterTally.objects.all()
    if date_from:
        tallies = tallies.filter(day__gte=date_from)
    if date_to:
        tallies = tallies.filter(day__lte=date_to)
    totals = tallies.aggregate(
        n=Sum("letters"),
        own=Sum("own_mail"),
        in_today=Sum("letters", filter=Q(day__gte=today)),
        in_week=Sum("letters", filter=Q(day__gte=week)),
    )
    # The whole time: the maintained total; a period: who wrote in it, from the letters.
    signers = period_signers(date_from, date_to) if date_from or date_to else signers_total()
    return {
        "signers": signers,
        "letters": totals["n"] or 0,
        "own_client": totals["own"] or 0,
        "today": totals["in_today"] or 0,
        "this_week": totals["in_week"] or 0,
    }


def period_signers(date_from: date | None, date_to: date | None) -> int:
    """Distinct supporters who wrote in a period, across campaigns: one per address (its
    blind index), one per erased letter. Who wrote in a period is a question for the
    letters themselves (an index-only scan of letter_report); grouping by address
    hashes where COUNT(DISTINCT) would sort them (about 1 s for a third of a million
    letters on a busy two-core machine, 1.2 to 2.4 s by COUNT(DISTINCT))."""
    per_address = (
        in_range(signed_letters(), date_from, date_to)
        .values("email_index")
        .annotate(n=Count("id"))
        .order_by()
    )
    erased_each = Case(When(email_index__isnull=True, then="n"), default=Value(1))
    return per_address.aggregate(signers=Sum(erased_each))["signers"] or 0


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
    """Everything a campaign's report page shows, from its tallies (a few hundred rows
    for a month of letters, whether there are a thousand letters or a million)."""
    now = now or timezone.now()
    ids = [campaign.pk]
    letter_tallies = _tallies(LetterTally, ids, date_from, date_to)
    per_day = list(
        letter_tallies.values("day")
        .annotate(n=Sum("letters"), own=Sum("own_mail"), first=Min("first_at"), last=Max("last_at"))
        .order_by("day")
    )
    today, week = (timezone.localdate(start) for start in period_starts(now))
    summary = CampaignFigures(
        campaign=campaign,
        signers=sum(d["n"] for d in per_day),
        letters=sum(d["n"] for d in per_day),
        own_client=sum(d["own"] for d in per_day),
        today=sum(d["n"] for d in per_day if d["day"] >= today),
        this_week=sum(d["n"] for d in per_day if d["day"] >= week),
        first_letter_at=min((d["first"] for d in per_day), default=None),
        last_letter_at=max((d["last"] for d in per_day), default=None),
    )
    places = [
        {
            "province": row["province"],
            "riding": row["riding"],
            "language": row["language"],
            "letters": row["n"],
        }
        for row in letter_tallies.values("province", "riding", "language")
        .annotate(n=Sum("letters"))
        .order_by()
    ]
    ridings = Riding.objects.in_bulk([p["riding"] for p in places if p["riding"]])
    for place in places:
        riding = ridings.get(place.pop("riding"))
        place["riding__code"] = riding.code if riding else None
        place["riding__name"] = riding.name if riding else None
        place["riding__province"] = riding.province if riding else None
    targets = target_figures(campaign, date_from=date_from, date_to=date_to)
    summary.deliveries = sum_deliveries(targets)
    before = 0
    if date_from:
        before = (
            LetterTally.objects.filter(campaign=campaign, day__lt=date_from).aggregate(
                n=Sum("letters")
            )["n"]
            or 0
        )
    days = _days_from({d["day"]: d["n"] for d in per_day}, before) if per_day else []
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
    states: dict[int, list] = {}
    for row in (
        _tallies(DeliveryTally, [campaign.pk], date_from, date_to)
        .values("target", "state")
        .annotate(n=Sum("deliveries"))
        .order_by()
    ):
        states.setdefault(row["target"], []).append((row["state"], row["n"]))
    targets = Target.objects.in_bulk(list(states))
    rows = [
        {
            "target_id": target_id or None,
            "target__name": targets[target_id].name if target_id in targets else None,
            "target__title": targets[target_id].title if target_id in targets else None,
            **_columns(counts),
        }
        for target_id, counts in states.items()
    ]
    return sorted(rows, key=lambda r: (r["target__name"] or "", r["target_id"] or 0))


def source_rows(campaign: Campaign, *, date_from=None, date_to=None) -> list[dict]:
    """The campaign's letters by where their writers came from: utm_* tags, partner,
    embed (from their tally: a few rows a day)."""
    groups = ["utm_source", "utm_medium", "utm_campaign", "partner_slug", "embedded"]
    return list(
        _tallies(SourceTally, [campaign.pk], date_from, date_to)
        .values(*groups)
        .annotate(letters=Sum("letters"))
        .order_by("-letters", *groups)
    )


def top_referrers(campaign: Campaign, *, date_from=None, date_to=None, limit=10) -> list[dict]:
    """The referral codes that brought the most letters: codes and counts, no names.
    Since the campaign began: the first rows of its running totals' index; in a period:
    summed from the tally per code and day."""
    if not (date_from or date_to):
        return list(
            ReferralTotal.objects.filter(campaign=campaign, letters__gt=0)
            .order_by("-letters", "code")
            .values("letters", referred_by=F("code"))[:limit]
        )
    return list(
        _tallies(ReferralTally, [campaign.pk], date_from, date_to)
        .values(referred_by=F("code"))
        .annotate(letters=Sum("letters"))
        .order_by("-letters", "referred_by")[:limit]
    )
