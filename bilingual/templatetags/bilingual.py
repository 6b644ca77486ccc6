"""The language switch, hreflang alternates and lang attributes that every page carries."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from advocacy.links import absolute_url
from bilingual.addresses import alternates

register = template.Library()

# Each language named in itself, as a switch shows it.
NATIVE_NAMES = {"en": "English", "fr": "Français"}


def _page_alternates(context) -> dict[str, str]:
    request = context.get("request")
    if request is None:
        return {}
    if "_language_alternates" not in context.render_context:
        campaign = context.get("campaign")
        offered = (
            set(campaign.languages_offered())
            if campaign is not None and hasattr(campaign, "languages_offered")
            else None
        )
        found = alternates(request, campaign=campaign)
        context.render_context["_language_alternates"] = (found, offered)
    return context.render_context["_language_alternates"]


@register.inclusion_tag("bilingual/_language_switch.html", takes_context=True)
def language_switch(context) -> dict:
    """Links to this same page in the other languages, each named in its own language."""
    found, _offered = _page_alternates(context) or ({}, None)
    current = translation.get_language()
    return {
        "links": [
            {"code": code, "name": NATIVE_NAMES.get(code, code), "url": url}
            for code, url in found.items()
            if code != current
        ]
    }


@register.simple_tag(takes_context=True)
def hreflang_links(context) -> str:
    """<link rel="alternate" hreflang> for each language the page's content exists in,
    and x-default: the address without a language, which redirects by the visitor's."""
    found, offered = _page_alternates(context) or ({}, None)
    links = [
        format_html('<link rel="alternate" hreflang="{}" href="{}">', code, absolute_url(url))
        for code, url in found.items()
        if offered is None or code in offered
    ]
    english = found.get("en", "")
    if links and english.startswith("/en/"):
        # The old, language-less address: it redirects each visitor to their language.
        links.append(
            format_html(
                '<link rel="alternate" hreflang="x-default" href="{}">',
                absolute_url(english[len("/en") :]),
            )
        )
    return format_html("".join(["{}"] * len(links)), *links) if links else ""


@register.simple_tag
def lang_attr(language: str | None) -> str:
    """lang="xx" on a passage in another language than the page's; nothing otherwise."""
    if not language or language == translation.get_language():
        return ""
    return format_html(' lang="{}"', language)
