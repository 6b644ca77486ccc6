"""The consent box on the letter form, shown only when the letter comes through a
partner's link (?partner=<slug>), and the consent recorded with the letter."""

from django import forms
from django.dispatch import receiver

from letters.forms import LetterForm
from letters.models import Letter
from letters.signals import letter_form_created, letter_stored

from . import services
from .models import Partner


@receiver(letter_form_created, sender=LetterForm, dispatch_uid="partners.consent_box")
def add_consent_box(sender, form: LetterForm, **kwargs) -> None:
    slug = form.data.get("partner", "") if form.is_bound else form.partner
    partner = Partner.objects.filter(slug=slug).first() if slug else None
    if partner is None:
        return
    form.fields["partner"] = forms.CharField(
        widget=forms.HiddenInput, initial=partner.slug, required=False
    )
    # Unchecked unless the supporter checks it; its words name the partner.
    form.fields["partner_consent"] = forms.BooleanField(
        label=services.consent_wording(partner), required=False
    )
    form.extra_fields |= {"partner", "partner_consent"}


@receiver(letter_stored, sender=Letter, dispatch_uid="partners.record_consent")
def record_consent(sender, letter: Letter, extra: dict, **kwargs) -> None:
    if not extra.get("partner_consent"):
        return
    partner = Partner.objects.filter(slug=extra.get("partner") or "").first()
    if partner is not None:
        services.record_consent(letter, partner=partner, now=letter.created_at)
