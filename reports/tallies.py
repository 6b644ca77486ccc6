"""Counts maintained as letters are stored and delivered, with no hot row on the way.

Storing a letter inserts its row (and its deliveries), nothing else: updating one
counter row per campaign on every letter would make every supporter's commit wait
for the one before it. Instead, every few seconds fold_counts() takes the letters
that count and are not counted yet, marks them counted and adds them, in the same
transaction, to:

- each campaign's public counters (Campaign.letter_count, own_mail_count);
- the reports' tallies per local day, province, riding and language (LetterTally),
  per day and source: utm_* tags, partner, embed (SourceTally), per day and referral
  code (ReferralTally), and the number of distinct supporters across campaigns
  (SignerTally);
- the deliveries to each target per state (DeliveryTally), from the deliveries whose
  state moved on since they were last counted.

A letter is counted exactly once: the flag and the counts change together, and a
letter still in an uncommitted transaction is simply counted by the next fold.
Folds and the reconciliation take one lock (PostgreSQL's advisory lock; SQLite has
one writer), so they never interleave. reconcile_counts() recomputes everything
from the letters and repairs any drift (a row changed by hand, a bug); beat runs it
nightly, `manage.py recount_letters` on demand.
"""

import logging
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from campaigns.models import Campaign
from letters.models import Delivery, Letter

from .models import (
    DeliveryTally,
    LetterTally,
    ReferralTally,
    ReferralTotal,
    SignerTally,
    SourceTally,
)

log = logging.getLogger(__name__)

FOLD_LOCK = 16_0417  # the advisory lock key folds and reconciliations share
COUNTED = tuple(str(state) for state in Letter.COUNTED_STATES)


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FOLD_LOCK])


def _aware(moment) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def local_day(moment: datetime):
    return timezone.localtime(moment).date()


class Folded(NamedTuple):
    """What the fold reads of each letter it counts."""

    id: int
    campaign_id: int
    state: str
    created_at: datetime
    province: str
    riding_id: int | None
    email_index: str | None  # the address's blind index
    language: str
    utm_source: str
    utm_medium: str
    utm_campaign: str
    partner_slug: str
    embedded: bool
    referred_by: str


FOLDED_COLUMNS = ", ".join(Folded._fields)


@transaction.atomic
def fold_counts() -> int:
    """Add the letters and delivery states not counted yet; returns the letters added."""
    _lock()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE letters_letter SET tallied = %s"
            " WHERE tallied = %s AND state IN (%s, %s) AND is_test = %s"
            f" RETURNING {FOLDED_COLUMNS}",
            [True, False, *COUNTED, False],
        )
        # SQLite hands raw rows back as text: times as UTC without their zone.
        letters = [
            Folded(*row)._replace(created_at=_aware(row[3]), embedded=bool(row[12]))
            for row in cursor.fetchall()
        ]
    if letters:
        _add_letters(letters)
    _add_delivery_states()
    return len(letters)


def _add_letters(rows: list[Folded]) -> None:
    rows.sort(key=lambda r: (r.created_at, r.id))  # oldest first: a first letter is new
    per_campaign: dict[int, list] = defaultdict(lambda: [0, 0, None])
    per_key: dict[tuple, list] = {}
    per_source: dict[tuple, int] = defaultdict(int)
    per_referral: dict[tuple, int] = defaultdict(int)
    for row in rows:
        own = row.state == Letter.State.OWN_CLIENT
        created_at = row.created_at
        counts = per_campaign[row.campaign_id]
        counts[0] += 1
        counts[1] += own
        counts[2] = max(counts[2] or created_at, created_at)
        day = local_day(created_at)
        key = (row.campaign_id, day, row.province or "", row.riding_id or 0, row.language or "")
        tally = per_key.setdefault(key, [0, 0, created_at, created_at])
        tally[0] += 1
        tally[1] += own
        tally[2], tally[3] = min(tally[2], created_at), max(tally[3], created_at)
        per_source[(row.campaign_id, day, *source_of(row))] += 1
        if row.referred_by:
            per_referral[(row.campaign_id, day, row.referred_by)] += 1
    # One statement per campaign, however many letters it received.
    for campaign_id, (n, own, last) in per_campaign.items():
        Campaign.objects.filter(pk=campaign_id).update(
            letter_count=F("letter_count") + n,
            own_mail_count=F("own_mail_count") + own,
            last_letter_at=Greatest(Coalesce("last_letter_at", Value(last)), Value(last)),
        )
    _add_to(LetterTally, LETTER_KEY, per_key, LETTER_VALUES)
    _add_to(SourceTally, SOURCE_KEY, {k: [n] for k, n in per_source.items()})
    _add_to(ReferralTally, REFERRAL_KEY, {k: [n] for k, n in per_referral.items()})
    per_code: dict[tuple, list] = defaultdict(lambda: [0])
    for (campaign_id, _day, code), n in per_referral.items():
        per_code[(campaign_id, code)][0] += n
    _add_to(ReferralTotal, ["campaign_id", "code"], per_code)
    _add_signers(rows)


def source_of(row) -> tuple:
    """A letter's place in the sources table: its utm_* tags, partner and embed."""
    return (
        row.utm_source,
        row.utm_medium,
        row.utm_campaign,
        row.partner_slug,
        bool(row.embedded),
    )


# Each tally's key (its unique constraint) and how a fold merges its values into a row.
LETTER_KEY = ["campaign_id", "day", "province", "riding", "language"]
LETTER_VALUES = {"letters": "add", "own_mail": "add", "first_at": "least", "last_at": "greatest"}
SOURCE_KEY = ["campaign_id", "day", "utm_source", "utm_medium", "utm_campaign", "partner_slug",
              "embedded"]  # fmt: skip
REFERRAL_KEY = ["campaign_id", "day", "code"]


def _add_to(model, key: list[str], rows: dict[tuple, list], merge: dict | None = None) -> None:
    """Add to a tally's rows (keyed by campaign, often day, and more) in place: one upsert per
    hundred rows that reads nothing first (a busy day of a viral campaign has hundreds
    of ridings and thousands of referral codes). Inside the fold's lock."""
    merge = merge or {"letters": "add"}
    table = model._meta.db_table
    least, greatest = ("LEAST", "GREATEST") if connection.vendor == "postgresql" else ("MIN", "MAX")
    sql = {
        "add": "{c} = {t}.{c} + EXCLUDED.{c}",
        "least": f"{{c}} = {least}({{t}}.{{c}}, EXCLUDED.{{c}})",
        "greatest": f"{{c}} = {greatest}({{t}}.{{c}}, EXCLUDED.{{c}})",
    }
    updates = ", ".join(sql[how].format(c=column, t=table) for column, how in merge.items())
    columns = ", ".join([*key, *merge])
    placeholders = f"({', '.join(['%s'] * (len(key) + len(merge)))})"
    ops = connection.ops
    items = list(rows.items())
    for start in range(0, len(items), 100):  # SQLite's limit of variables per statement
        chunk = items[start : start + 100]
        params = []
        for key_values, values in chunk:
            for v in (*key_values, *values):
                if isinstance(v, datetime):
                    v = ops.adapt_datetimefield_value(v)
                elif isinstance(v, date):
                    v = ops.adapt_datefield_value(v)
                params.append(v)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(chunk))}"
                f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}",
                params,
            )


def _add_signers(rows: list[Folded]) -> None:
    """Supporters writing for the first time, to any campaign (an erased letter, which
    keeps no email, is one supporter)."""
    # By the addresses' blind index: one per address, however it was typed.
    emails = {r.email_index for r in rows if r.email_index}
    known = set(
        Letter.objects.filter(tallied=True, state__in=COUNTED, is_test=False)
        .exclude(pk__in=[r.id for r in rows])
        .filter(email_index__in=emails)
        .values_list("email_index", flat=True)
        .order_by()  # DISTINCT on the address alone, not with the default ordering's time
        .distinct()
    )
    new = 0
    for email in (r.email_index for r in rows):
        if email is None:
            new += 1
        elif email not in known:
            known.add(email)
            new += 1
    if new:
        tally, _ = SignerTally.objects.get_or_create(pk=1)
        SignerTally.objects.filter(pk=tally.pk).update(signers=F("signers") + new)


def _add_delivery_states() -> None:
    """Move each delivery whose state changed since it was counted to its new column."""
    # The few such rows are in the partial index delivery_untallied; their letters are
    # read apart, by key (a join would have PostgreSQL, unable to estimate
    # "tallied_state <> state", hash every letter: two seconds on a million).
    # No ordering: the model's default (by letter) would join every letter and sort,
    # a second each fold on a million letters where the index scan takes a millisecond.
    rows = list(
        Delivery.objects.filter(kind=Delivery.Kind.TO)
        .exclude(tallied_state=F("state"))
        .order_by()
        .values_list("id", "state", "tallied_state", "target_id", "letter_id")
    )
    if not rows:
        return
    letters = {
        pk: (campaign_id, local_day(created_at))
        for pk, campaign_id, created_at in Letter.objects.filter(
            pk__in={r[4] for r in rows}, is_test=False
        ).values_list("id", "campaign_id", "created_at")
    }
    changed = [(*r[:4], *letters[r[4]]) for r in rows if r[4] in letters]
    if not changed:
        return
    by_move: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pk, state, old, *_ in changed:
        by_move[(old, state)].append(pk)
    moved = set()
    for (old, state), ids in by_move.items():
        # Only if nothing moved it again since it was read; else the next fold counts it.
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE letters_delivery SET tallied_state = %s"
                f" WHERE id IN ({', '.join('%s' for _ in ids)})"
                " AND state = %s AND tallied_state = %s RETURNING id",
                [state, *ids, state, old],
            )
            moved.update(row[0] for row in cursor.fetchall())
    deltas: dict[tuple, int] = defaultdict(int)
    for pk, state, old, target_id, campaign_id, day in changed:
        if pk not in moved:
            continue
        if old:
            deltas[(campaign_id, day, target_id or 0, old)] -= 1
        deltas[(campaign_id, day, target_id or 0, state)] += 1
    _add_to_delivery_tallies({k: v for k, v in deltas.items() if v})


def _add_to_delivery_tallies(deltas: dict[tuple, int]) -> None:
    if not deltas:
        return
    existing = {
        (t.campaign_id, t.day, t.target, t.state): t
        for t in DeliveryTally.objects.filter(
            campaign_id__in={k[0] for k in deltas}, day__in={k[1] for k in deltas}
        )
    }
    rows = []
    for key, delta in deltas.items():
        tally = existing.get(key) or DeliveryTally(
            campaign_id=key[0], day=key[1], target=key[2], state=key[3]
        )
        tally.deliveries += delta
        rows.append(tally)
    DeliveryTally.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["campaign", "day", "target", "state"],
        update_fields=["deliveries"],
    )


# Reconciliation: everything recomputed from the rows themselves.


def reconcile_counts(*, campaigns=None) -> list[tuple[Campaign, int, int]]:
    """Recount each campaign from its letters and rebuild its tallies, one campaign at a
    time; returns (campaign, counter before, letters) for each campaign that drifted."""
    fold_counts()
    fixed = []
    campaigns = campaigns if campaigns is not None else Campaign.objects.all()
    for campaign_id in campaigns.order_by("pk").values_list("pk", flat=True):
        result = _reconcile_campaign(campaign_id)
        if result:
            fixed.append(result)
    _reconcile_signers()
    for campaign, before, after in fixed:
        log.warning(
            "Campaign %s counted %s letters, its letters say %s", campaign.pk, before, after
        )
    return fixed


@transaction.atomic
def _reconcile_campaign(campaign_id: int):
    _lock()
    campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
    letters = Letter.objects.filter(
        campaign_id=campaign_id, tallied=True, state__in=COUNTED, is_test=False
    )
    totals = letters.aggregate(
        n=Count("id"),
        own=Count("id", filter=Q(state=Letter.State.OWN_CLIENT)),
        last=Max("created_at"),
    )
    truth = [
        LetterTally(
            campaign_id=campaign_id,
            day=row["day"],
            province=row["province"],
            riding=row["riding_id"] or 0,
            language=row["language"] or "",
            letters=row["n"],
            own_mail=row["own"],
            first_at=row["first"],
            last_at=row["last"],
        )
        for row in letters.annotate(day=TruncDate("created_at"))
        .values("day", "province", "riding_id", "language")
        .annotate(
            n=Count("id"),
            own=Count("id", filter=Q(state=Letter.State.OWN_CLIENT)),
            first=Min("created_at"),
            last=Max("created_at"),
        )
        .order_by()
    ]
    LetterTally.objects.filter(campaign_id=campaign_id).delete()
    LetterTally.objects.bulk_create(truth)
    deliveries = Delivery.objects.filter(
        kind=Delivery.Kind.TO, letter__campaign_id=campaign_id, letter__is_test=False
    ).exclude(tallied_state="")
    DeliveryTally.objects.filter(campaign_id=campaign_id).delete()
    DeliveryTally.objects.bulk_create(
        DeliveryTally(
            campaign_id=campaign_id,
            day=row["day"],
            target=row["target_id"] or 0,
            state=row["tallied_state"],
            deliveries=row["n"],
        )
        for row in deliveries.annotate(day=TruncDate("letter__created_at"))
        .values("day", "target_id", "tallied_state")
        .annotate(n=Count("id"))
        .order_by()
    )
    _rebuild(SourceTally, campaign_id, letters, {f: f for f in SOURCE_KEY[2:]})
    referred = letters.exclude(referred_by="")
    _rebuild(ReferralTally, campaign_id, referred, {"code": "referred_by"})
    ReferralTotal.objects.filter(campaign_id=campaign_id).delete()
    ReferralTotal.objects.bulk_create(
        (
            ReferralTotal(campaign_id=campaign_id, code=row["referred_by"], letters=row["n"])
            for row in referred.values("referred_by").annotate(n=Count("id")).order_by()
        ),
        batch_size=1000,
    )
    before = (campaign.letter_count, campaign.own_mail_count, campaign.last_letter_at)
    after = (totals["n"], totals["own"], totals["last"])
    if before == after:
        return None
    Campaign.objects.filter(pk=campaign_id).update(
        letter_count=after[0], own_mail_count=after[1], last_letter_at=after[2]
    )
    return campaign, before[0], after[0]


def _rebuild(model, campaign_id: int, letters, columns: dict[str, str]) -> None:
    """Recount one campaign's rows of a letters tally, per local day and the given
    columns (the tally's field: the letter's)."""
    model.objects.filter(campaign_id=campaign_id).delete()
    model.objects.bulk_create(
        (
            model(
                campaign_id=campaign_id,
                day=row["day"],
                letters=row["n"],
                **{field: row[column] for field, column in columns.items()},
            )
            for row in letters.annotate(day=TruncDate("created_at"))
            .values("day", *columns.values())
            .annotate(n=Count("id"))
            .order_by()
        ),
        batch_size=1000,
    )


@transaction.atomic
def _reconcile_signers() -> None:
    _lock()
    letters = Letter.objects.filter(tallied=True, state__in=COUNTED, is_test=False)
    counts = letters.aggregate(
        emails=Count("email_index", distinct=True),
        erased=Count("id", filter=Q(email_index__isnull=True)),
    )
    SignerTally.objects.update_or_create(
        pk=1, defaults={"signers": counts["emails"] + counts["erased"]}
    )


def signers_total() -> int:
    return SignerTally.objects.aggregate(n=Sum("signers"))["n"] or 0
