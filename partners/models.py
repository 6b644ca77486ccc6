"""Partner organizations of the coalition, and the supporters who agreed to hear from them."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from letters.models import Letter


class Partner(models.Model):
    """A coalition member whose supporters arrive with ?partner=<slug> and who may
    receive, through its API key, the supporters who consented to it."""

    name = models.CharField(_("name"), max_length=200)  # English and French (translation.py)
    slug = models.SlugField(
        _("slug"),
        max_length=50,
        unique=True,
        help_text=_("Used in links: ?partner=<slug> on a campaign page shows the consent box."),
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name


class PartnerConsent(models.Model):
    """A supporter's yes, on their letter, to have their details shared with one partner."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="partner_consents", verbose_name=_("letter")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="consents", verbose_name=_("partner")
    )
    # The words the supporter saw next to the box, in the language they saw them.
    wording = models.TextField(_("wording shown"))
    given_at = models.DateTimeField(_("given"), default=timezone.now)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent to a partner")
        verbose_name_plural = _("consents to partners")
        constraints = [
            models.UniqueConstraint(fields=["letter", "partner"], name="one_consent_per_partner")
        ]

    def __str__(self):
        return f"{self.partner} · {self.given_at:%Y-%m-%d %H:%M}"
