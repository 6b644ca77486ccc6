"""Where a letter's writer came from, kept with the letter: the share link's utm_*
tags, the partner, the embed, the referring site's origin, the referral code followed.

The campaign page is the same for everyone (a shared cache serves it), so these come
as hidden fields the page's script fills from its own address and document.referrer
(static/js/site.js), then ride along through the review to the send. Whatever comes
in is cleaned and never refused: a letter is never turned away for its tags, and no
value that could be personal (an email address, a path, a query) is kept.
"""

import re
import unicodedata
from urllib.parse import urlsplit

from django.conf import settings

TAG_MAX = 100
REFERRAL_RE = re.compile(r"^[A-Za-z0-9_-]{6,16}$")


def plain_line(value: str) -> str:
    """One line of at most 500 printable characters."""
    text = " ".join(str(value).split())[:500]
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C")


def clean_tag(value: str | None) -> str:
    """A utm_* tag: one line, at most TAG_MAX characters; empty when it holds an "@"
    (someone's address pasted into a link is not a source)."""
    text = " ".join((value or "").split())[:TAG_MAX]
    return "" if "@" in text else text


def clean_origin(value: str | None) -> str:
    """The scheme, host and port of a referring page; empty for our own site, for a
    page named with credentials, or for anything that is not an http(s) address."""
    try:
        parts = urlsplit((value or "").strip())
        port = parts.port
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        return ""
    origin = f"{parts.scheme}://{parts.hostname}" + (f":{port}" if port else "")
    return "" if origin == settings.SITE_URL.rstrip("/").lower() else origin[:200]


def clean_referral(value: str | None) -> str:
    """A referral code as letters make them (Letter.referral_code), else empty."""
    value = (value or "").strip()
    return value if REFERRAL_RE.match(value) else ""
