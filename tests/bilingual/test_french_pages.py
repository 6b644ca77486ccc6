"""Every public page in French shows no English interface string: each page's text is
compared with the English side (msgid) of the French catalogue."""

import re
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from campaigns.models import Campaign
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([a-zA-Z_]+\)[sd]|%s|%%|\{[a-z_]+\}|<[^>]+>")


class _Visible(HTMLParser):
    """What a person reads or hears: text, and the attributes screen readers say."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style", "head")
        for name, value in attrs:
            if value and name in ("alt", "title", "aria-label", "placeholder"):
                self.parts.append(value)

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style", "head") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_phrases() -> list[str]:
    """The catalogue's English strings that read differently in French, as the literal
    runs between their placeholders (long enough not to be a common word)."""
    phrases = set()
    for entry in polib.pofile(str(CATALOGUE)):
        french = entry.msgstr or entry.msgstr_plural.get(0, "")
        for english in filter(None, (entry.msgid, entry.msgid_plural)):
            if english == french:
                continue
            for run in PLACEHOLDER.split(english):
                run = " ".join(run.split()).strip(" :,.")
                if len(run) >= 6 and " " in run or len(run) >= 9:
                    phrases.add(run)
    return sorted(phrases)


def english_on(html: str, phrases: list[str]) -> list[str]:
    # Addresses printed on a page (/fr/campaigns/…) are not words of the interface.
    text = re.sub(r"\S*/\S*", " ", visible_text(html))
    return [p for p in phrases if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", text)]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())
    return {c.slug: c for c in Campaign.objects.all()}


def french(name: str, *args) -> str:
    with translation.override("fr"):
        return reverse(name, args=args)


def test_it_shows_no_english_on_any_public_page_in_french(
    client, demo, django_capture_on_commit_callbacks
):
    harkat, statement = demo["stop-harkat-deportation"], demo["uphold-the-right-to-dissent"]
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            french("letters:send", harkat.slug_fr),
            letter_data(
                subject=harkat.letter_templates.get().subject_fr,
                body=harkat.letter_templates.get().body_fr,
                language="fr",
                send_copy="on",
            ),
        )
    thanks = sent["Location"]
    status = thanks.removesuffix("thanks/")
    pages = {
        "home": client.get(french("campaigns:home")),
        "achievements": client.get(french("campaigns:achievements")),
        "statement print": client.get(french("campaigns:statement_print", statement.slug_fr)),
        "co-sign": client.get(french("campaigns:cosign", statement.slug_fr)),
        "digest sign-up": client.get(french("digest:signup")),
        "digest sent": client.get(french("digest:sent")),
        "privacy": client.get(french("privacy:page")),
        "review": client.post(
            french("letters:review", harkat.slug_fr),
            letter_data(
                email="autre@example.com",
                language="fr",
                subject=harkat.letter_templates.get().subject_fr,
                body=harkat.letter_templates.get().body_fr,
            ),
        ),
        "form with errors": client.post(
            french("letters:review", harkat.slug_fr), {"language": "fr"}
        ),
        "thanks": client.get(thanks),
        "status": client.get(status),
        "print": client.get(status + "print/"),
    }
    for slug, campaign in demo.items():
        pages[f"campaign {slug}"] = client.get(french("campaigns:detail", campaign.slug_fr))
    phrases = english_phrases()

    found = {}
    for name, response in pages.items():
        assert response.status_code in (200, 404), (name, response.status_code)
        html = response.content.decode()
        assert '<html lang="fr">' in html, name
        if hits := english_on(html, phrases):
            found[name] = hits

    assert found == {}


def test_it_would_find_an_english_string_on_a_french_page():
    phrases = english_phrases()

    assert english_on("<html><p>Review my letter</p></html>", phrases) == ["Review my letter"]
    assert english_on('<img alt="Skip to content">', phrases) == ["Skip to content"]
    assert english_on("<p>Relire ma lettre</p>", phrases) == []
