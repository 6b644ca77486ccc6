"""Words in templates that no translation tag carries: they would show in English on
French pages. Used by tests/bilingual/test_catalogue.py."""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.template.base import Lexer, TokenType

# Attributes whose values people read (or hear from a screen reader).
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "label", "value"}
# Text that is the same in both languages: names, symbols, formats.
ALLOWED = {"PDF", "CSV", "Cc", "X", "Gmail", "Outlook.com", "Bluesky", "WhatsApp", "Facebook", "OK"}
WORD = re.compile(r"[^\W\d_]{2,}")
# A CSS class or an identifier ("page--wide"), not prose.
IDENTIFIER = re.compile(r"[a-z0-9]+(?:[-_]+[a-z0-9]+)+")
# Blocks whose insides are translated as a whole, or never shown.
OPENERS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            # An input's value is data (a hidden field's), a button's is its label.
            if name in READ_ATTRIBUTES and value and not (tag == "input" and name == "value"):
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def untranslated_text(source: str, *, html: bool) -> list[str]:
    """Readable words of `source` outside {% translate %} and {% blocktranslate %}."""
    outside, closing = [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if closing:
                if name == closing:
                    closing = None
                continue
            if name in OPENERS:
                closing = OPENERS[name]
            outside.append(" ")  # a tag separates text on either side
        elif token.token_type in (TokenType.VAR, TokenType.COMMENT):
            outside.append(" ")  # a value, not words of ours
        elif not closing:
            outside.append(token.contents)
    text = "".join(outside)
    if html:
        parser = _Text()
        parser.feed(text)
        parts = parser.found
    else:
        parts = [text]
    found = []
    for part in parts:
        passage = " ".join(part.split())
        words = WORD.findall(passage)
        if any(w not in ALLOWED for w in words) and not IDENTIFIER.fullmatch(passage):
            found.append(passage)
    return found


def check_templates(folder: Path) -> list[str]:
    """One line per template passage that needs a translation tag."""
    lines = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".html", ".txt") or not path.is_file():
            continue
        for passage in untranslated_text(
            path.read_text(encoding="utf-8"), html=path.suffix == ".html"
        ):
            lines.append(f"{path.relative_to(folder.parent)}: {passage[:80]!r}")
    return lines
