"""Law 25's records: the access and erasure requests staff answered, and the register
of confidentiality incidents with every change made to it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advocacy.models import StaffLog


class AccessRequest(StaffLog):
    """One answer staff gave a supporter's request to see or erase what the site holds."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access")
        ERASURE = "erasure", _("Erasure")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        LETTER = "letter", _("Letter")
        IN_PERSON = "in_person", _("In person")
        OTHER = "other", _("Other")

    class Outcome(models.TextChoices):
        SENT = "sent", _("Sent")
        NO_DATA = "no_data", _("Sent: no data held")
        EMAIL_FAILED = "email_failed", _("Email failed")
        ERASED = "erased", _("Erased")
        NOTHING_TO_ERASE = "nothing_to_erase", _("Nothing to erase")

    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices)
    received_by = models.CharField(_("received by"), max_length=10, choices=Channel.choices)
    note = models.TextField(_("staff note"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    # The address's blind index (advocacy/crypto.py): two answers to one person match,
    # and a record of an erasure never holds the address it erased.
    address_hash = models.CharField(_("address (keyed hash)"), max_length=64, db_index=True)
    answered_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-answered_at", "-id"]
        verbose_name = _("access or erasure request")
        verbose_name_plural = _("access and erasure requests")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.answered_at:%Y-%m-%d %H:%M}"


class Incident(models.Model):
    """A confidentiality incident (Quebec's Law 25, s. 3.8): what happened, to whose data,
    the risk, and the decision to notify the Commission d'accès à l'information and the
    people concerned or not, and why. Kept, never deleted."""

    class Risk(models.TextChoices):
        UNKNOWN = "unknown", _("Not assessed yet")
        LOW = "low", _("Low")
        SERIOUS = "serious", _("Risk of serious injury")

    occurred_at = models.DateTimeField(_("when it happened"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("when it was discovered"), default=timezone.now)
    reported_by = models.CharField(
        _("reported by"), max_length=200, help_text=_("Who noticed it and told us.")
    )
    description = models.TextField(
        _("what happened"),
        help_text=_("Access, use, disclosure or loss of personal information: how, by whom."),
    )
    data_affected = models.TextField(
        _("personal information affected"),
        help_text=_("Which kinds of data: names, emails, postal codes, letters…"),
    )
    people_affected = models.PositiveIntegerField(
        _("number of people affected"),
        null=True,
        blank=True,
        help_text=_("Empty while unknown."),
    )
    risk = models.CharField(
        _("risk assessment"), max_length=10, choices=Risk.choices, default=Risk.UNKNOWN
    )
    risk_reasons = models.TextField(
        _("why this risk"),
        blank=True,
        help_text=_("How sensitive the data is, how it could be misused, the likely consequences."),
    )
    notify_commission = models.BooleanField(
        _("notify the Commission d'accès à l'information"), default=False
    )
    notify_people = models.BooleanField(_("notify the people concerned"), default=False)
    decision_reasons = models.TextField(_("why this decision"), blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    measures = models.TextField(
        _("measures taken"),
        blank=True,
        help_text=_("To reduce the risk of injury and to keep it from happening again."),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("confidentiality incident")
        verbose_name_plural = _("confidentiality incidents")
        permissions = [
            ("keep_incident_log", _("Can keep the register of confidentiality incidents")),
        ]

    def __str__(self):
        return f"{self.discovered_at:%Y-%m-%d} · {self.description[:60]}"


class IncidentChange(StaffLog):
    """One save of an incident: who, when, and which fields changed with their new value."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.PROTECT, related_name="changes"
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)
    # {field name: [before, after]}, as text; empty before for the first record.
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("incident change")
        verbose_name_plural = _("incident changes")

    def __str__(self):
        return f"{self.username or '-'} · {self.changed_at:%Y-%m-%d %H:%M}"
