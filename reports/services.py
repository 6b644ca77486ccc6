"""Writes: recording exports, repairing the letter counters."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign

from . import tallies
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


def recount_letters(*, campaigns=None) -> list[tuple[Campaign, int, int]]:
    """Recompute each campaign's counters and report tallies from its letters.

    Returns (campaign, old count, new count) for each campaign whose counter was wrong.
    """
    return tallies.reconcile_counts(campaigns=campaigns)
