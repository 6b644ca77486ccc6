"""Preview links: a signed, expiring token naming a campaign, for colleagues without
an account. Signed with SECRET_KEY, so it cannot be guessed or altered."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from advocacy.links import absolute_url

from .models import Campaign

PREVIEW_MAX_AGE = timedelta(days=7)
_SALT = "campaigns.preview"


def preview_url(campaign: Campaign) -> str:
    """The absolute, shareable preview address of a campaign, valid for PREVIEW_MAX_AGE."""
    token = signing.TimestampSigner(salt=_SALT).sign(str(campaign.pk))
    return absolute_url(reverse("campaigns:preview", args=[token]))


def campaign_id_from(token: str) -> int | None:
    """The campaign id a token names, or None if it is tampered with or expired."""
    try:
        return int(signing.TimestampSigner(salt=_SALT).unsign(token, max_age=PREVIEW_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None
