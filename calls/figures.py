"""Reads: the calls supporters reported, added up per target."""

from datetime import date

from django.db.models import Q, QuerySet, Sum

from campaigns.models import Campaign

from .models import CallCount

OUTCOMES = [o.value for o in CallCount.Outcome]


def period(counts: QuerySet, date_from: date | None, date_to: date | None) -> QuerySet:
    """Counts of the days from the first to the last, both included; either may be open."""
    if date_from:
        counts = counts.filter(day__gte=date_from)
    if date_to:
        counts = counts.filter(day__lte=date_to)
    return counts


def outcome_sums() -> dict:
    """Sum(calls) per outcome, and in all, for annotate()."""
    sums = {o: Sum("calls", filter=Q(outcome=o), default=0) for o in OUTCOMES}
    return {**sums, "calls": Sum("calls", default=0)}


def calls_per_target(
    campaign: Campaign, *, date_from: date | None = None, date_to: date | None = None
) -> dict[int, dict[str, int]]:
    """For each target of the campaign that was called: calls per outcome and in all."""
    counts = period(CallCount.objects.filter(campaign=campaign), date_from, date_to)
    rows = counts.values("target_id").annotate(**outcome_sums()).order_by()
    return {row.pop("target_id"): row for row in rows}
