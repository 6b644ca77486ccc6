"""Mixins every public form takes: text cleaned of what could smuggle a line
into a mail header or hide what it says, and a honeypot with a minimum fill time."""

import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .shared_cache import redis_available

# Unicode direction overrides and isolates: they make text read differently than it is stored.
BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def strip_bidi_controls(value: str) -> str:
    return value.translate(BIDI_CONTROLS)


# Unicode's control characters (category Cc) are exactly these two ranges; a regular
# expression finds them in a letter of a few KB without a Python step per character.
_CONTROLS_BUT_LINE_BREAK_AND_TAB = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Cc, and the line and paragraph separators (Zl, Zp: one character each).
_LINE_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def clean_multiline(value: str) -> str:
    """Keep line breaks and tabs, drop every other control and direction character."""
    value = strip_bidi_controls(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS_BUT_LINE_BREAK_AND_TAB.sub("", value)


def has_control_characters(value: str) -> bool:
    return _LINE_BREAKING.search(value) is not None


class CleanTextMixin:
    """Every text field cleaned before validation: direction overrides dropped;
    multi-line fields keep only line breaks and tabs; single-line fields refuse
    line breaks and control characters; names refuse < > @ (posing as an address)."""

    multiline_fields = ("body",)
    name_fields = ("first_name", "last_name", "city")

    def full_clean(self):
        self._text_errors = {}
        if self.is_bound:
            # A copy: the caller's QueryDict stays as it was posted.
            self.data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                raw = self.data.get(key)
                if not isinstance(field, forms.CharField) or not isinstance(raw, str):
                    continue
                if name in self.multiline_fields:
                    self.data[key] = clean_multiline(raw)
                    continue
                self.data[key] = strip_bidi_controls(raw)
                # NUL has Django's own message (ProhibitNullCharactersValidator).
                inner = self.data[key].strip()
                if "\x00" not in inner and has_control_characters(inner):
                    self._text_errors[name] = _("Use a single line, without control characters.")
        super().full_clean()

    def _clean_fields(self):
        super()._clean_fields()
        for name, message in self._text_errors.items():
            if name in self.cleaned_data:
                self.add_error(name, message)
        for name in self.name_fields:
            if any(ch in (self.cleaned_data.get(name) or "") for ch in "<>@"):
                self.add_error(name, _("Use letters, spaces, hyphens and apostrophes only."))


ANTIBOT_SALT = "letters.forms.antibot"
ANTIBOT_MAX_AGE = 24 * 3600
REVIEW_STAMP_SALT = "letters.forms.review-stamp"
TAMPERED = _("This form expired or was altered. Please check it and send it again.")
TOO_FAST = _("That was very fast. Please take a moment to read your letter, then send it.")
REPLAYED = _(
    "This review was already used to send a letter. Please check the letter below, "
    "then send it again if you mean to."
)


def antibot_token(*, now: float | None = None) -> str:
    """A signed record of when the form was shown."""
    return signing.dumps(int(now if now is not None else time.time()), salt=ANTIBOT_SALT)


def review_stamp(*, letter: str, visitor: str, now: float | None = None) -> str:
    """A signed record of when the review page was shown, good for one letter of one
    visitor, once.

    `letter` names the campaign and the email, `visitor` is the browser's CSRF
    secret; both go into the signature's salt, not the readable payload, so it is
    worth nothing in another browser. Its random nonce is spent when a letter is
    stored with it (spend_review_stamp): a replay is refused even where one letter
    per email would not stop it (own-mail letters nobody proved, letters/models.py).
    """
    when = int(now if now is not None else time.time())
    return signing.dumps([when, secrets.token_urlsafe(9)], salt=_review_salt(letter, visitor))


def _read_review_stamp(stamp: str, *, letter: str, visitor: str) -> tuple[int, str] | None:
    try:
        when, nonce = signing.loads(
            stamp, salt=_review_salt(letter, visitor), max_age=ANTIBOT_MAX_AGE
        )
    except (signing.BadSignature, TypeError, ValueError):
        return None  # altered, too old, another's, or made before stamps had a nonce
    return when, nonce


def review_stamp_age(stamp: str, *, letter: str, visitor: str) -> float | None:
    """Seconds since the stamp was made, or None when it is missing, altered, too old
    or another letter's or visitor's."""
    found = _read_review_stamp(stamp, letter=letter, visitor=visitor)
    return None if found is None else time.time() - found[0]


def review_stamp_spent(stamp: str, *, letter: str, visitor: str) -> bool:
    """Whether a letter was stored with this (good) stamp already."""
    found = _read_review_stamp(stamp, letter=letter, visitor=visitor)
    return found is not None and bool(_spent_stamps().get(_stamp_key(found[1])))


def spend_review_stamp(stamp: str, *, letter: str, visitor: str) -> bool:
    """Mark the stamp used; False when it already was (a replay) or is not good.
    Atomic on Redis (add), so two parallel sends with one stamp cannot both pass."""
    found = _read_review_stamp(stamp, letter=letter, visitor=visitor)
    if found is None:
        return False
    key, timeout = _stamp_key(found[1]), ANTIBOT_MAX_AGE + 60
    if _spent_stamps().add(key, 1, timeout=timeout):
        return True
    # A Redis that failed during this very call answers like a replay: decide in this
    # process's memory instead, as every later call does until Redis is back.
    return not redis_available() and _spent_stamps().add(key, 1, timeout=timeout)


def _spent_stamps():
    # The shared cache, or this process's own while Redis is unavailable (then a stamp
    # is single-use per process, and one letter per email still holds): see ratelimit.
    from .ratelimit import counters

    return counters()


def _stamp_key(nonce: str) -> str:
    return f"review-stamp:{nonce}"


def _review_salt(letter: str, visitor: str) -> str:
    return f"{REVIEW_STAMP_SALT}:{letter}:{visitor}"


class HoneypotMixin:
    """A field people never see: a form that comes back with it filled is a robot's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise forms.ValidationError(
                _("Please leave the last field empty: it is there to catch robots."),
                code="honeypot",
            )
        # Not the service's business: what it gets is what the supporter typed.
        cleaned.pop("website", None)
        return cleaned


class AntiBotMixin(HoneypotMixin):
    """The honeypot, and a signed time the form was shown: a form sent back faster
    than people type, or with that time altered, is refused. For forms on pages
    that are never cached (the letter form's stamp is given by its review page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=antibot_token
        )

    def clean(self):
        cleaned = super().clean()
        if settings.ANTIBOT_MIN_SECONDS:
            self._check_started(self.data.get(self.add_prefix("started"), ""))
        cleaned.pop("started", None)
        return cleaned

    def _check_started(self, token: str) -> None:
        key = self.add_prefix("started")
        try:
            started = signing.loads(token, salt=ANTIBOT_SALT, max_age=ANTIBOT_MAX_AGE)
        except signing.BadSignature:
            # A fresh time, so the form shown again can be sent.
            self.data[key] = antibot_token()
            raise forms.ValidationError(TAMPERED, code="tampered") from None
        if time.time() - started < settings.ANTIBOT_MIN_SECONDS:
            raise forms.ValidationError(TOO_FAST, code="too_fast")
