"""Keys to the read API (/api/v1/): who may read what, and how often."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Partner


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        """Keys not revoked."""
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """One client's key: its scopes, its owner (a partner, or the organization itself),
    its pace. The key itself is shown once, at creation; only its hash is kept."""

    class Scope(models.TextChoices):
        COUNTS = "counts", _("Read counts")
        LETTERS = "letters", _("Read letters")
        PEOPLE = "people", _("Read people (personal data)")

    name = models.CharField(
        _("name"), max_length=100, help_text=_("Who uses it and for what, e.g. “CiviCRM sync”.")
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text=_(
            "Empty: the organization's own key. A partner's key sees only the letters and "
            "people of supporters who agreed to be shared with that partner."
        ),
    )
    can_read_counts = models.BooleanField(_("read counts"), default=True)
    can_read_letters = models.BooleanField(_("read letters"), default=False)
    can_read_people = models.BooleanField(
        _("read people"),
        default=False,
        help_text=_("Names, emails and postal codes. Every read is recorded in the export log."),
    )
    rate_per_minute = models.PositiveIntegerField(
        _("requests a minute"),
        default=120,
        help_text=_("More requests than this in one minute are answered 429 Too Many Requests."),
    )
    # The key's first characters, kept in clear to find its row and to name it in logs.
    prefix = models.CharField(_("prefix"), max_length=12, unique=True, editable=False)
    # SHA-256 of the whole key: a random 256-bit secret needs no slow password hash.
    key_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def scopes(self) -> set[str]:
        allowed = {
            self.Scope.COUNTS: self.can_read_counts,
            self.Scope.LETTERS: self.can_read_letters,
            self.Scope.PEOPLE: self.can_read_people,
        }
        return {scope for scope, ok in allowed.items() if ok}

    @property
    def label(self) -> str:
        """How the export log names the key: its prefix and name, never the secret."""
        return f"API key {self.prefix} · {self.name}"[:150]
