from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advocacy.models import StaffLog
from campaigns.models import Campaign


class ExportLog(StaffLog):
    """One CSV export: who took which figures or whose personal data, and when."""

    class Kind(models.TextChoices):
        PER_CAMPAIGN = "per_campaign", _("Signers per campaign")
        PER_DAY = "per_day", _("Signers per day")
        PER_PROVINCE = "per_province", _("Signers per province")
        PER_RIDING = "per_riding", _("Signers per riding")
        SUPPORTERS = "supporters", _("Supporter list (personal data)")
        SUBSCRIBERS = "subscribers", _("News Digest subscribers (personal data)")

    class Source(models.TextChoices):
        WEB = "web", _("Reports page")
        COMMAND = "command", _("Management command")

    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now, db_index=True)
    # Empty until the last row is written: an export cut short stays visible as unfinished.
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        # Who may see reports (campaigns.view_reports) and export personal data
        # (letters.export_personal_data) is decided where that data lives.

    def __str__(self):
        return (
            f"{self.get_kind_display()} · {self.username or '-'} · {self.started_at:%Y-%m-%d %H:%M}"
        )
