"""The site's public address. Every absolute link, in emails (status, confirmation,
unsubscribe, erasure, the digest's, List-Unsubscribe), share links, preview links, feeds,
the statement PDF and meta tags, is built here, on SITE_URL: a link never names the
address a request happened to come in on."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """A path of this site (from reverse() or get_absolute_url()) at its public address."""
    return settings.SITE_URL + path
