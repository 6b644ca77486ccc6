"""Writes about partners: a supporter's consent to one."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from letters.models import Letter

from .models import Partner, PartnerConsent


def consent_wording(partner: Partner) -> str:
    """The consent box's words, in the current language: shown, then recorded as given."""
    return _(
        "Yes, share my name, email, postal code and city with %(partner)s, who may contact me."
    ) % {"partner": partner.name}


@transaction.atomic
def record_consent(letter: Letter, *, partner: Partner, now=None) -> PartnerConsent:
    """Record that the letter's writer agreed to be shared with the partner, in the
    words they were shown."""
    now = now or timezone.now()
    consent, _created = PartnerConsent.objects.get_or_create(
        letter=letter,
        partner=partner,
        defaults={"wording": consent_wording(partner), "given_at": now},
    )
    return consent
