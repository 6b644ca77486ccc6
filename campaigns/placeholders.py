"""Placeholders in model letters: {first_name} is filled with each supporter's details,
and [optional words with {city}] are left out when what they hold is empty. Pure.

A plain substitution rather than str.format: supporters edit the text, and a stray
brace or a "{0}" must never raise, nor reach an attribute.
"""

import re

from django.utils.translation import gettext_lazy as _

PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
# Square brackets around words and at least one placeholder, on one line.
OPTIONAL_RE = re.compile(r"\[([^\[\]\n]*\{[a-z_]+\}[^\[\]\n]*)\]")
# What was left out is marked, then taken away with one of the spaces around it.
GONE = "\x00"  # never in a letter: the forms refuse NUL characters
GONE_RE = re.compile(rf" {GONE}(?=[ ,.;:!?)]|$)|^{GONE} ?|{GONE}", re.MULTILINE)

DESCRIPTIONS = {
    "first_name": _("the supporter's first name"),
    "last_name": _("the supporter's last name"),
    "full_name": _("the supporter's full name"),
    "postal_code": _("the supporter's postal code"),
    "city": _("the supporter's city (optional on the form: can be empty)"),
    "target_names": _("the names of the people the letter goes to"),
    "mp_name": _("the supporter's MP (only in a letter to the supporter's MP)"),
    "riding": _("the supporter's riding (only in a letter to the supporter's MP)"),
}
NAMES = frozenset(DESCRIPTIONS)
MAYBE_EMPTY = frozenset({"city"})  # supporters may leave it out
MP_ONLY = frozenset({"mp_name", "riding"})  # empty unless the letter goes to their MP


def fill(text: str, values: dict[str, str]) -> str:
    """Replace each known placeholder with its value; a bracketed part whose
    placeholders are all filled loses its brackets, one with an empty placeholder
    goes whole. Unknown placeholders and other brackets stay as written."""

    def optional(match: re.Match) -> str:
        inner = match.group(1)
        names = [name for name in PLACEHOLDER_RE.findall(inner) if name in values]
        if not names:
            return match.group(0)
        return inner if all(values[name] for name in names) else GONE

    def placeholder(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            return match.group(0)
        return values[name] or GONE

    text = text.replace(GONE, "")
    filled = PLACEHOLDER_RE.sub(placeholder, OPTIONAL_RE.sub(optional, text))
    return GONE_RE.sub("", filled)


def used_outside_brackets(text: str) -> set[str]:
    """The known placeholders the text uses outside an optional [bracketed part]."""
    return {name for name in PLACEHOLDER_RE.findall(OPTIONAL_RE.sub(" ", text)) if name in NAMES}
