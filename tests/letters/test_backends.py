"""A letter's message goes on the wire as the same bytes Django's MIME objects make, and
its HTML is the template's, whatever the supporter typed."""

import re
import secrets

import pytest
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from letters.backends import django_message_bytes, letter_bytes, message_bytes
from letters.emails import build_letter_message, letter_html
from letters.models import Delivery, Letter

pytestmark = pytest.mark.django_db

NASTY = st.sampled_from(
    ["\r", "\n", "\r\n", "\n\n", "\x00", "\x0b", "\u2028", "\u0085", "=?utf-8?q?x?=", ":", ";",
     ",", "<", ">", '"', "&", "'", "\\", "@", "{first_name}", " ", "  ", "\t", "é", "🙂",
     "From ", ".", "x" * 90, "é" * 600]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=20), NASTY), max_size=12).map("".join)
SETTINGS = hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def boundary() -> str:
    return f"==============={secrets.token_hex(16)}=="


def same_second(data: bytes) -> bytes:
    """The bytes with the Date header's value left out: the two are made a moment apart."""
    return re.sub(rb"\r\nDate: [^\r]*\r\n", b"\r\nDate: -\r\n", data)


def letter_messages(campaign, **typed):
    letter = Letter(campaign=campaign, email="jane@example.org", **typed)
    targets = [
        Delivery(letter=letter, kind="to", target=t, name=t.name, address=t.email)
        for t in campaign.letter_templates.get().targets.all()
    ]
    cc = Delivery(letter=letter, kind="cc", name="", address="campaign@example.org")
    copy = Delivery(letter=letter, kind="copy", name=letter.full_name, address=letter.email)
    recipients = [*targets, cc, copy]
    messages = [
        build_letter_message(letter, [*targets, cc], recipients=recipients),
        build_letter_message(letter, [copy], recipients=recipients),
    ]
    for message in messages:
        message.extra_headers["Message-ID"] = "<0123@example.org>"  # as the worker sets it
    return messages


@SETTINGS
@example(first_name="Jean-François", last_name="Côté", city="", subject="é" * 80, body="x")
@example(first_name="", last_name="", city="", subject="", body="long " * 300)
@given(first_name=TEXT, last_name=TEXT, city=TEXT, subject=TEXT, body=TEXT)
def test_it_writes_a_letter_as_django_writes_it(
    campaign, first_name, last_name, city, subject, body
):
    typed = {"first_name": first_name, "last_name": last_name, "city": city}
    for message in letter_messages(campaign, **typed, subject=subject, body=body):
        mark = boundary()
        written = letter_bytes(message, boundary=mark)
        assert written is not None
        assert same_second(written) == same_second(django_message_bytes(message, boundary=mark))


def test_it_writes_other_messages_the_django_way(campaign):
    message = EmailMultiAlternatives(
        subject="Ça va",
        body="Bonjour",
        to=["a@example.org"],
        headers={"Date": "today", "Message-ID": "<1@example.org>"},
    )
    message.attach("notes.txt", "some notes", "text/plain")
    mark = boundary()
    assert letter_bytes(message, boundary=mark) is None
    assert message_bytes(message, boundary=mark) == django_message_bytes(message, boundary=mark)


def test_it_refuses_a_line_break_in_a_header_as_django_does(campaign):
    message = EmailMultiAlternatives(subject="Hi\nBcc: x@example.org", body="Hi", to=["a@b.org"])
    message.attach_alternative("<p>Hi</p>", "text/html")
    with pytest.raises(ValueError, match="newlines"):
        message_bytes(message, boundary=boundary())


@SETTINGS
@given(texts=st.lists(TEXT, min_size=1, max_size=2), language=st.sampled_from(["en", "fr"]))
def test_it_makes_the_letters_html_as_its_template_does(texts, language):
    parts = list(zip([language, "fr" if language == "en" else "en"], texts, strict=False))
    context = {"letter": Letter(language=language), "parts": parts, "is_copy": False}
    with translation.override(language):
        html = letter_html(Letter(language=language), parts)
        assert html == render_to_string("letters/email/letter.html", context)


def test_it_escapes_the_letters_text_in_its_html():
    html = letter_html(Letter(language="en"), [("en", "<script>alert(1)</script> & co\n\nBye")])
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; co</p>\n\n<p>Bye</p>" in html
