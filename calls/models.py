"""Calling the targets' offices: a campaign's call script, and the calls supporters
report, counted per target and day with nothing about the caller."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Target

# The placeholders a script may use; what each becomes is in calls/views.py.
PLACEHOLDER_HELP = _(
    'Placeholders: {target_name}, {salutation} (how to greet them, e.g. "Minister '
    "Goodale\"), {riding} (an MP's riding), and {first_name}, {full_name}, {city}, "
    "{postal_code}, which the page shows as [your name]-style hints for the caller."
)


class CallScript(models.Model):
    """What a campaign asks supporters to say when they call its targets' offices."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="call_script"
    )
    text = models.TextField(_("call script"), help_text=PLACEHOLDER_HELP)
    targets = models.ManyToManyField(
        Target,
        verbose_name=_("targets to call"),
        blank=True,
        related_name="+",
        help_text=_(
            "Empty: the model letter's targets, and the supporter's MP when the letter goes "
            "to them."
        ),
    )

    class Meta:
        verbose_name = _("call script")
        verbose_name_plural = _("call scripts")

    def __str__(self):
        return str(self.campaign)


class CallCount(models.Model):
    """How many calls to one target, for one campaign, on one day, had one outcome.
    A count only: no caller, no number, no time of day."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("I spoke to someone")
        VOICEMAIL = "voicemail", _("I left a voicemail")
        UNAVAILABLE = "unavailable", _("No answer, or busy")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="call_counts")
    day = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "target", "outcome"]
        verbose_name = _("call count")
        verbose_name_plural = _("call counts")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "target", "day", "outcome"], name="one_call_count_per_day"
            )
        ]

    def __str__(self):
        return f"{self.day} {self.target_id} {self.outcome}: {self.calls}"
