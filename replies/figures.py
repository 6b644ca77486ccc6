"""Reads: how responsive each target is, from the per-recipient delivery record and
what supporters answered.

Pages read the maintained tallies (one small query); recount() computes the same
figures from the rows, for the periodic refresh that keeps the tallies true."""

from dataclasses import dataclass, fields

from django.db.models import Count, Q, Sum

from campaigns.models import Campaign
from letters.models import Delivery

from .models import Answer, Tally

# Delivered: handed to the mail provider and not bounced (a delivery report is not
# something every provider sends, so "sent" counts as having reached them).
DELIVERED = (Delivery.State.SENT, Delivery.State.DELIVERED)


@dataclass
class Responsiveness:
    """One target's figures. The reply rate's base is the supporters who answered the
    question: those who did not answer tell us nothing either way."""

    delivered: int = 0  # letters that reached the target
    asked: int = 0  # supporters asked whether the target replied
    yes: int = 0  # ...who answered that they got a reply
    not_yet: int = 0
    no: int = 0

    @property
    def answered(self) -> int:
        return self.yes + self.not_yet + self.no

    @property
    def rate(self) -> int | None:
        """Replies reported, in percent of the supporters who answered; None before anyone did."""
        if not self.answered:
            return None
        # Half up, in whole numbers, as the CSV export computes it in SQL.
        return (200 * self.yes + self.answered) // (2 * self.answered)

    def __add__(self, other: "Responsiveness") -> "Responsiveness":
        return Responsiveness(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


COLUMNS = [f.name for f in fields(Responsiveness)]


def responsiveness(
    *, target_ids: list[int] | None = None, campaign: Campaign | None = None
) -> dict[int, Responsiveness]:
    """Each target's figures by target id, across campaigns or for one campaign."""
    tallies = Tally.objects.all()
    if campaign is not None:
        tallies = tallies.filter(campaign=campaign)
    if target_ids is not None:
        tallies = tallies.filter(target_id__in=target_ids)
    rows = tallies.values("target_id").annotate(**{c: Sum(c) for c in COLUMNS}).order_by()
    return {row.pop("target_id"): Responsiveness(**row) for row in rows}


def recount() -> dict[tuple[int, int], Responsiveness]:
    """Every (campaign, target)'s figures counted from the rows: two grouped scans."""
    # Only accepted letters have deliveries to targets (a staff test letter goes to
    # its author alone), so no filter on the letters' state is needed.
    deliveries = (
        Delivery.objects.filter(kind=Delivery.Kind.TO, state__in=DELIVERED, target__isnull=False)
        .values("letter__campaign_id", "target_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    figures: dict[tuple[int, int], Responsiveness] = {}
    for row in deliveries:
        figures[(row["letter__campaign_id"], row["target_id"])] = Responsiveness(delivered=row["n"])
    choice = Answer.Choice
    answers = (
        Answer.objects.asked()
        .values("questionnaire__letter__campaign_id", "target_id")
        .annotate(
            asked=Count("id"),
            yes=Count("id", filter=Q(choice=choice.YES)),
            not_yet=Count("id", filter=Q(choice=choice.NOT_YET)),
            no=Count("id", filter=Q(choice=choice.NO)),
        )
        .order_by()
    )
    for row in answers:
        key = (row.pop("questionnaire__letter__campaign_id"), row.pop("target_id"))
        entry = figures.setdefault(key, Responsiveness())
        for name, value in row.items():
            setattr(entry, name, value)
    return figures
