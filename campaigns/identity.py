"""The organization's identity as pages and emails show it: read from the shared cache.

Every page's header and footer and every email to a supporter carry it, so it is
kept in the cache (one value per language) and read from there; a save or delete
of the Organization row drops it, and the next reader loads it again. Until staff
write the row, the site goes by the ORG_NAME setting alone.
"""

import logging
from dataclasses import asdict, dataclass
from email.utils import formataddr

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import translation

from advocacy.mail import header_safe

from .models import Organization

log = logging.getLogger(__name__)

CACHE_KEY = "organization:identity"
# A cache that outlived its database (a development reset) heals within the hour.
CACHE_SECONDS = 3600


@dataclass(frozen=True)
class Identity:
    full_name: str
    short_name: str
    mailing_address: str = ""
    contact_email: str = ""
    contact_url: str = ""
    logo_url: str = ""
    privacy_officer: str = ""
    privacy_officer_email: str = ""

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.mailing_address.splitlines() if line.strip()]

    @property
    def from_address(self) -> str:
        """From: of the emails the organization sends in its own name."""
        return formataddr((header_safe(self.short_name), settings.DEFAULT_FROM_EMAIL))


def identity(language: str | None = None) -> Identity:
    """The organization in the given language (by default the active one)."""
    by_language = _cached()
    if by_language is None:
        by_language = _load()
        try:
            cache.set(CACHE_KEY, by_language, CACHE_SECONDS)
        except Exception as exc:  # noqa: BLE001 - a cache outage must not stop a page or letter
            log.warning("Could not cache the organization: %s", type(exc).__name__)
    return _pick(by_language, language)


def _cached() -> dict | None:
    try:
        return cache.get(CACHE_KEY)
    except Exception as exc:  # noqa: BLE001 - a cache outage must not stop a page or letter
        log.warning("Cache unavailable for the organization: %s", type(exc).__name__)
        return None


def default_identities() -> dict[str, dict]:
    """What the site shows before staff write the organization: the ORG_NAME setting."""
    name = settings.ORG_NAME
    return {
        code: asdict(Identity(full_name=name, short_name=name)) for code, _ in settings.LANGUAGES
    }


def _pick(by_language: dict[str, dict], language: str | None) -> Identity:
    code = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return Identity(**by_language.get(code, by_language[settings.LANGUAGE_CODE]))


def _load() -> dict[str, dict]:
    organization = Organization.current()
    if organization is None:
        return default_identities()
    loaded = {}
    for code, _name in settings.LANGUAGES:
        # Each language's fields, the English where the French is not written yet.
        with translation.override(code):
            loaded[code] = asdict(
                Identity(
                    full_name=organization.full_name,
                    short_name=organization.short_name,
                    mailing_address=organization.mailing_address,
                    contact_email=organization.contact_email,
                    contact_url=organization.contact_url or "",
                    logo_url=organization.logo.url if organization.logo else "",
                    privacy_officer=organization.privacy_officer or "",
                    privacy_officer_email=organization.privacy_officer_email,
                )
            )
    return loaded


@receiver(post_save, sender=Organization)
@receiver(post_delete, sender=Organization)
def _organization_changed(sender, **kwargs):
    # Dropped now, so this request shows the edit, and again once the edit commits:
    # a reader between the two may have cached the row as it was before.
    _forget()
    transaction.on_commit(_forget, robust=True)


def _forget() -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception as exc:  # noqa: BLE001 - staff's save goes on; the value expires within the hour
        log.warning("Could not drop the cached organization: %s", type(exc).__name__)
