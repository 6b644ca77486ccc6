"""Writes about partners: a supporter's consent to one, an export of those who gave it."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaigns.models import Campaign
from letters.models import Letter
from reports.models import ExportLog
from reports.services import start_export

from .models import Partner, PartnerConsent


def consent_wording(partner: Partner) -> str:
    """The consent box's words, in the current language: shown, then recorded as given."""
    return _(
        "Yes, share my name, email, postal code and city with %(partner)s, who may contact me."
    ) % {"partner": partner.name}


@transaction.atomic
def record_consent(letter: Letter, *, partner: Partner, now=None) -> PartnerConsent:
    """Record that the letter's writer agreed to be shared with the partner, in the
    words and the language they were shown (the request's, as the box was)."""
    now = now or timezone.now()
    consent, _created = PartnerConsent.objects.get_or_create(
        letter=letter,
        partner=partner,
        defaults={
            "wording": consent_wording(partner),
            "language": (translation.get_language() or "")[:2],
            "given_at": now,
        },
    )
    return consent


def start_supporters_export(
    partner: Partner, *, user, campaign: Campaign | None = None, now=None
) -> ExportLog:
    """Record, in the export log, that a partner's supporters are being exported."""
    return start_export(
        kind=ExportLog.Kind.PARTNER_SUPPORTERS,
        source=ExportLog.Source.WEB,
        user=user,
        campaign=campaign,
        now=now,
    )
