"""What supporters did after the letter, for organizers: calls to each target's offices
(calls app) and how each target answers (replies app), beside the letter figures."""

from datetime import date

from django.db.models import Case, ExpressionWrapper, F, IntegerField, QuerySet, When

from calls.figures import calls_per_target, outcome_sums, period
from calls.models import CallCount
from campaigns.models import Campaign, Target
from replies.figures import Responsiveness, responsiveness
from replies.models import Tally


def target_rows(
    campaign: Campaign, *, date_from: date | None = None, date_to: date | None = None
) -> list[dict]:
    """One row per target called or written to: its calls in the period, and its
    replies since the campaign began (a reply is not dated by the letter it answers)."""
    calls = calls_per_target(campaign, date_from=date_from, date_to=date_to)
    answers = responsiveness(campaign=campaign)
    names = Target.objects.filter(pk__in={*calls, *answers}).only("name", "title")
    empty = dict.fromkeys([*outcome_sums()], 0)
    return [
        {
            "target": target,
            "calls": calls.get(target.pk, empty),
            "replies": answers.get(target.pk, Responsiveness()),
        }
        for target in sorted(names, key=lambda t: (t.name, t.pk))
    ]


def responsiveness_rows(campaign: Campaign | None = None) -> QuerySet:
    """The responsiveness export: per campaign and target, as the public pages show it."""
    tallies = Tally.objects.all() if campaign is None else Tally.objects.filter(campaign=campaign)
    answered = F("yes") + F("not_yet") + F("no")
    return (
        tallies.annotate(
            answered=answered,
            # Half up in whole numbers, as Responsiveness.rate: integer division on both
            # PostgreSQL and SQLite.
            rate=Case(
                When(
                    answered__gt=0,
                    then=ExpressionWrapper(
                        (200 * F("yes") + answered) / (2 * answered), output_field=IntegerField()
                    ),
                ),
                default=None,
            ),
        )
        .order_by("campaign__slug", "target__name", "target_id")
        .values_list(
            "campaign__slug", "target__name", "delivered", "asked", "yes", "not_yet", "no",
            "answered", "rate",
        )
    )  # fmt: skip


def calls_per_day_rows(
    campaign: Campaign | None = None, *, date_from=None, date_to=None
) -> QuerySet:
    """The calls export: per campaign, day and target, the calls by outcome."""
    counts = (
        CallCount.objects.all() if campaign is None else CallCount.objects.filter(campaign=campaign)
    )
    return (
        period(counts, date_from, date_to)
        .values("campaign__slug", "day", "target__name", "target_id")
        .annotate(**outcome_sums())
        .order_by("campaign__slug", "day", "target__name", "target_id")
        .values_list("campaign__slug", "day", "target__name", *outcome_sums())
    )
