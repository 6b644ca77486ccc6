"""Writes: recording exports, repairing the letter counters."""

from datetime import date

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from campaigns.models import Campaign

from .figures import signed_letters
from .models import ExportLog


@transaction.atomic
def start_export(
    *,
    kind: str,
    source: str,
    user=None,
    campaign: Campaign | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    now=None,
) -> ExportLog:
    """Record who is taking which export, before its first row leaves."""
    return ExportLog.objects.create(
        kind=kind,
        source=source,
        **ExportLog.by(user),
        campaign=campaign,
        date_from=date_from,
        date_to=date_to,
        started_at=now or timezone.now(),
    )


@transaction.atomic
def finish_export(log: ExportLog, *, row_count: int, now=None) -> None:
    """Record that the export's last row was written, and how many there were."""
    ExportLog.objects.filter(pk=log.pk).update(
        row_count=row_count, finished_at=now or timezone.now()
    )
    log.row_count = row_count


@transaction.atomic
def recount_letters(*, campaigns=None) -> list[tuple[Campaign, int, int]]:
    """Recompute each campaign's letter counter and last letter time from its letters.

    Returns (campaign, old count, new count) for each campaign whose counter was wrong.
    """
    # Lock the campaigns first: a letter submitted meanwhile waits for the lock,
    # then adds its +1 to the fresh count instead of being lost under it.
    campaigns = list(
        (campaigns if campaigns is not None else Campaign.objects.all())
        .select_for_update()
        .order_by("pk")
    )
    actual = {
        row["campaign_id"]: row
        for row in signed_letters()
        .filter(campaign__in=[c.pk for c in campaigns])
        .values("campaign_id")
        .annotate(n=Count("id"), last=Max("created_at"))
        .order_by()
    }
    fixed = []
    for campaign in campaigns:
        row = actual.get(campaign.pk, {"n": 0, "last": None})
        if (campaign.letter_count, campaign.last_letter_at) == (row["n"], row["last"]):
            continue
        fixed.append((campaign, campaign.letter_count, row["n"]))
        campaign.letter_count, campaign.last_letter_at = row["n"], row["last"]
        Campaign.objects.filter(pk=campaign.pk).update(
            letter_count=row["n"], last_letter_at=row["last"]
        )
    return fixed
