"""Email addresses, cleaned and checked in one place: every public form (letters
sent by the site or from the supporter's own mail, the digest, co-signing) and
every lookup by address (erasure, unsubscribing) goes through normalize_email().

One person, one address: characters nobody sees (zero-width spaces and joiners,
byte-order marks, soft hyphens, direction marks) would otherwise make four
"different" addresses of one inbox and beat one letter per email. Domains are
stored as the mail system sends to them (IDNA, "xn--" labels), so a worker never
retries an address its SMTP server cannot take; IP literals and bare host names
are refused: nobody reads their mail at one, and they point our mail at machines.
"""

import functools
import ipaddress
import unicodedata

import idna
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Not of category Cf, yet shown as nothing (or as a blank) in most fonts.
BLANK_LOOKING = dict.fromkeys(map(ord, "\u115f\u1160\u3164\uffa0\u2800\u034f"))

IP_LITERAL = _(
    "Enter an address at a domain name, like name@example.org: addresses at an IP "
    "address are not accepted."
)
BAD_DOMAIN = _("The part after @ is not a domain name email can be sent to. Please check it.")


def strip_invisible(value: str) -> str:
    """The address without characters nobody sees: format characters (Unicode's Cf:
    zero-width space and joiners, BOM, soft hyphen, direction marks), blank-looking
    letters, and whitespace anywhere in it."""
    value = value.translate(BLANK_LOOKING)
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cf" and not ch.isspace())


@functools.lru_cache(maxsize=4096)  # the form, the blind index and the letter ask in turn
def normalize_email(value: str) -> str:
    """The one form of an address we store and look up: invisible characters taken
    out, compatibility forms folded (NFKC: full-width letters and @), lower-cased,
    the domain in its IDNA (punycode) form. Raises ValidationError, with a message
    for the person who typed it, for a domain that cannot take email."""
    value = unicodedata.normalize("NFKC", strip_invisible(value or "")).lower()
    local, at, domain = value.rpartition("@")
    if not at or not local or not domain:
        return value  # the format check (validate_email) says what is wrong
    return f"{local}@{_domain(domain)}"


@functools.lru_cache(maxsize=4096)  # most supporters write from a few providers' domains
def _domain(domain: str) -> str:
    bare = domain.rstrip(".")
    if bare.startswith("[") or _is_ip_address(bare):
        raise ValidationError(IP_LITERAL, code="ip_literal")
    try:
        ascii_domain = idna.encode(bare, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        raise ValidationError(BAD_DOMAIN, code="bad_domain") from None
    if "." not in ascii_domain:  # "localhost", "intranet": no one's public mail
        raise ValidationError(BAD_DOMAIN, code="bad_domain")
    return ascii_domain


def _is_ip_address(domain: str) -> bool:
    try:
        ipaddress.ip_address(domain)
    except ValueError:
        return False
    return True


def email_key(value: str) -> str:
    """An address as lookups compare it: normalized when it can be, else as typed
    (lower-cased), so a lookup by an address stored before this module never fails."""
    try:
        return normalize_email(value)
    except ValidationError:
        return (value or "").strip().lower()


class SupporterEmailField(forms.EmailField):
    """The email field of every public form: normalized (normalize_email), then
    checked by Django's email validator on what will be stored."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_email(value) if value else value
