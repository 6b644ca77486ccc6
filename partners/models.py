"""Partner organizations of the coalition, and the supporters who agreed to hear from them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
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
    # The partner's own people: they sign in to its page (partners/views.py) and see
    # its figures and the supporters who consented to it, nothing else.
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff accounts"),
        related_name="partners",
        blank=True,
        help_text=_("People of the partner who may see its figures and export its supporters."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", args=[self.slug])

    def letters(self):
        """The letters that count which this partner's link or frame brought."""
        return Letter.objects.counted().filter(partner_slug=self.slug, is_test=False)


class PartnerConsentQuerySet(models.QuerySet):
    def exportable(self):
        """Consents whose supporter is still there (not erased), as the API gives them."""
        return self.filter(letter__erased_at__isnull=True, letter__is_test=False)


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
    language = models.CharField(_("language shown"), max_length=2, blank=True)
    given_at = models.DateTimeField(_("given"), default=timezone.now)

    objects = PartnerConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent to a partner")
        verbose_name_plural = _("consents to partners")
        constraints = [
            models.UniqueConstraint(fields=["letter", "partner"], name="one_consent_per_partner")
        ]

    def __str__(self):
        return f"{self.partner} · {self.given_at:%Y-%m-%d %H:%M}"
