"""The same page in another language: the address of each page in English and in French.

Every public page lives under /en/ and /fr/ with the same path, except a campaign's
own slug, which may have a French version (Campaign.slug_fr). Pages reached by a POST
(the review step) have no address of their own: their other-language page is the
campaign's.
"""

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def other_languages(language: str) -> list[str]:
    return [code for code in LANGUAGE_CODES if code != language]


def translate_path(path: str, language: str, *, campaign=None, post: bool = False) -> str | None:
    """`path` (with its language prefix) as the same page in `language`, or None.

    `campaign`, when the caller has it, saves looking up a slug. After a POST, the
    page to switch to is the campaign's (or the home page).
    """
    try:
        # The prefix only matches while its language is active.
        with translation.override(translation.get_language_from_path(path)):
            match = resolve(path)
    except Resolver404:
        return None
    view_name, kwargs = match.view_name, dict(match.kwargs)
    if post:
        view_name, kwargs = (
            ("campaigns:detail", kwargs) if "slug" in kwargs else ("campaigns:home", {})
        )
        kwargs = {"slug": kwargs["slug"]} if "slug" in kwargs else {}
    if "slug" in kwargs:
        if campaign is None:
            from campaigns.models import Campaign

            campaign = Campaign.objects.by_slug(kwargs["slug"]).only("slug", "slug_fr").first()
        if campaign is not None:
            kwargs["slug"] = campaign.slug_in(language)
    with translation.override(language):
        try:
            return reverse(view_name, kwargs=kwargs)
        except NoReverseMatch:
            return None


def alternates(request, *, campaign=None) -> dict[str, str]:
    """Each language's address of the page `request` shows, keyed by language code."""
    current = translation.get_language()
    found = {current: request.path} if request.method in ("GET", "HEAD") else {}
    for language in LANGUAGE_CODES:
        if language in found:
            continue
        path = translate_path(
            request.path_info,
            language,
            campaign=campaign,
            post=request.method not in ("GET", "HEAD"),
        )
        if path:
            found[language] = path
    return found
