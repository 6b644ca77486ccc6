"""Writes: counting the calls supporters report."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from campaigns.models import Campaign, Target

from .models import CallCount


class NotACallTarget(Exception):
    """The campaign does not ask supporters to call this target."""


@transaction.atomic
def record_call(campaign: Campaign, *, target: Target, outcome: str, now=None) -> None:
    """Count one call to a target with its outcome, on today's (Toronto) date.

    The call page's buttons come here; a telephony provider's status callback
    would too. Nothing about the caller is kept.
    """
    if outcome not in CallCount.Outcome.values:
        raise ValueError(outcome)
    day = timezone.localdate(now or timezone.now())
    key = {"campaign": campaign, "target": target, "day": day, "outcome": outcome}
    # The row may not exist yet: create it (a racing request may win), then count.
    CallCount.objects.bulk_create([CallCount(**key)], ignore_conflicts=True)
    CallCount.objects.filter(**key).update(calls=F("calls") + 1)
