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
        RESPONSIVENESS = "responsiveness", _("Replies per target")
        CALLS_PER_DAY = "calls_per_day", _("Calls per day and target")
        API_PEOPLE = "api_people", _("People read through the API (personal data)")
        PER_SOURCE = "per_source", _("Letters per source, medium, campaign tag and partner")
        PER_REFERRER = "per_referrer", _("Letters per referral code")
        PARTNER_SUPPORTERS = (
            "partner_supporters",
            _("Supporters who consented to a partner (personal data)"),
        )

    class Source(models.TextChoices):
        WEB = "web", _("Reports page")
        COMMAND = "command", _("Management command")
        API = "api", _("API key")

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


# Tallies: the reports' figures maintained as letters are stored and delivered
# (reports.tallies folds them in every few seconds), so a report page reads a few
# small tables instead of scanning a million letters. Days are local (Toronto).


class LetterTally(models.Model):
    """Letters that count, for one campaign, local day and place."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    province = models.CharField(max_length=2, blank=True)
    riding = models.PositiveIntegerField(default=0)  # the Riding's id; 0: none
    language = models.CharField(max_length=8, blank=True)  # the letter's language
    letters = models.PositiveIntegerField(default=0)
    own_mail = models.PositiveIntegerField(default=0)  # of which sent from their own mail
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "day", "province", "riding", "language"],
                name="letter_tally_key",
            )
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.day} {self.province} {self.riding}: {self.letters}"


class DeliveryTally(models.Model):
    """Deliveries to one target in one state, of one campaign's letters of one local day."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    target = models.PositiveIntegerField(default=0)  # the Target's id; 0: none
    state = models.CharField(max_length=20)
    deliveries = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "day", "target", "state"], name="delivery_tally_key"
            )
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.day} {self.target} {self.state}: {self.deliveries}"


class SignerTally(models.Model):
    """Supporters across all campaigns, each counted once (one row)."""

    signers = models.PositiveIntegerField(default=0)

    def __str__(self):
        return str(self.signers)


class SourceTally(models.Model):
    """Letters that count, for one campaign and local day, by where their writers came
    from (the utm_* tags, the partner, the embed): the report's "where from" table."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    partner_slug = models.CharField(max_length=50, blank=True)
    embedded = models.BooleanField(default=False)
    letters = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "campaign", "day", "utm_source", "utm_medium", "utm_campaign",
                    "partner_slug", "embedded",
                ],
                name="source_tally_key",
            )
        ]  # fmt: skip

    def __str__(self):
        return f"{self.campaign_id} {self.day} {self.utm_source}: {self.letters}"


class ReferralTally(models.Model):
    """Letters that count, for one campaign and local day, written after following one
    supporter's share links (by referral code): the report's top referrers."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    code = models.CharField(max_length=16)
    letters = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "day", "code"], name="referral_tally_key")
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.day} {self.code}: {self.letters}"


class ReferralTotal(models.Model):
    """Letters that count, for one campaign, written after following one supporter's
    share links, since the campaign began: the top referrers of the whole campaign are
    its first rows in the index, however many codes brought letters."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=16)
    letters = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="referral_total_key")
        ]
        indexes = [
            models.Index(fields=["campaign", "-letters", "code"], name="referral_total_top"),
        ]

    def __str__(self):
        return f"{self.campaign_id} {self.code}: {self.letters}"
