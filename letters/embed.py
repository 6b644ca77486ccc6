"""The embeddable action: a campaign's letter flow inside a frame on a partner's page.

The frame's pages come from our origin, in a minimal layout (letters/embed_base.html),
framed only where the campaign allows: each response's CSP frame-ancestors is the
campaign's list (Campaign.frame_ancestors), every other page keeps 'none'.

Inside a third-party frame, browsers send no cookies (SameSite, third-party cookie
blocking), so the flow there uses none: no CSRF cookie, no session. See
letters/views.py, EMBED_VISITOR, for what protects its POSTs instead.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html

from advocacy.links import absolute_url
from campaigns.models import Campaign


def allow_framing(response: HttpResponse, campaign: Campaign) -> HttpResponse:
    """Let the campaign's listed sites (or any, when staff chose so) frame this response."""
    # django-csp's per-response replacement (what its @csp_replace sets), computed
    # from the campaign rather than fixed at import.
    response._csp_replace = {"frame-ancestors": campaign.frame_ancestors()}
    response.xframe_options_exempt = True  # X-Frame-Options cannot list origins
    return response


def embed_url(campaign: Campaign, *, partner: str = "", language: str | None = None) -> str:
    """The frame's address, in the campaign's language, with the partner who embeds it."""
    language = language or campaign.content_language
    with translation.override(language):
        path = reverse("letters:embed", args=[campaign.slug_in(language)])
    query = "?" + urlencode({"partner": partner}) if partner else ""
    return absolute_url(path + query)


def embed_snippet(campaign: Campaign, *, partner: str = "") -> str:
    """The HTML a partner pastes into its page: the frame and our resizing script."""
    return format_html(
        '<iframe src="{}" title="{}" data-advocacy-embed width="100%" height="900" '
        'loading="lazy"></iframe>\n<script src="{}" async></script>',
        embed_url(campaign, partner=partner),
        campaign.title,
        absolute_url(settings.STATIC_URL + "js/embed.js"),
    )
