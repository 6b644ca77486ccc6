"""Whatever a supporter types, the message parses back with the headers we set and no others."""

import email
import email.policy

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from advocacy.mail import header_safe
from letters.emails import build_letter_message, fill_placeholders
from letters.models import Delivery, Letter

pytestmark = pytest.mark.django_db

# Any text at all, with the characters that matter to mail headers made likely.
NASTY = st.sampled_from(
    ["\r", "\n", "\r\n", "\x00", "\x0b", "\x1b", "\u2028", "\u0085", "\u202e", "=?utf-8?q?x?=",
     ":", ";", ",", "<", ">", '"', "\\", "@", "{first_name}", "{", " ", "\t", "é", "🙂"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=20), NASTY), max_size=12).map("".join)


BLANK = {
    "first_name": "", "last_name": "", "city": "", "postal_code": "", "subject": "", "body": "",
    "address": "d@a.my",
}  # fmt: skip


def one_line(value: str) -> str:
    """Header folding may add a space where an encoded word starts (Python's Header
    does, for a long non-ASCII subject): whitespace runs compare as one space."""
    return " ".join(value.split())


def parse(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


@hypothesis_settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Found by this test: a long non-ASCII subject (folding adds a space), and text shaped
# like an encoded word, which mail programs decoded into what the sender never showed.
@example(**BLANK | {"subject": "000000000000000000000000¡00000000000¡¡¡"})
@example(**BLANK | {"first_name": "=?utf-8?q?Minister?=", "subject": "=?utf-8?q?Hi=0D=0ABcc:_x?="})
@given(
    first_name=TEXT,
    last_name=TEXT,
    city=TEXT,
    postal_code=st.text(max_size=7),
    subject=TEXT,
    body=TEXT,
    address=st.emails(),
)
def test_it_builds_messages_that_parse_back_with_the_same_headers(
    campaign, first_name, last_name, city, postal_code, subject, body, address
):
    # Built in memory, as the review page builds it: PostgreSQL would refuse a NUL
    # before the message is even built (the form removes them first), and this
    # property is about the message alone.
    letter = Letter(
        campaign=campaign,
        first_name=first_name,
        last_name=last_name,
        email=address,
        postal_code=postal_code,
        city=city,
        subject=subject,
        body=body,
    )
    targets = [
        Delivery(letter=letter, kind="to", target=t, name=t.name, address=t.email)
        for t in campaign.letter_templates.get().targets.all()
    ]
    copy = Delivery(letter=letter, kind="copy", name=letter.full_name, address=address)
    recipients = [*targets, copy]
    with CaptureQueriesContext(connection) as queries:
        to_targets = build_letter_message(letter, targets, recipients=recipients)
        to_supporter = build_letter_message(letter, [copy], recipients=recipients)
    assert not queries.captured_queries

    expected_subject = header_safe(fill_placeholders(subject, letter))
    display = header_safe(f"{letter.full_name} via {settings.ORG_NAME}")
    for message, deliveries in ((to_targets, targets), (to_supporter, [copy])):
        parsed = parse(message)
        names = sorted(k.lower() for k in parsed)
        expected = ["content-type", "date", "from", "message-id", "mime-version", "subject",
                    "to", "x-letter-ref"]  # fmt: skip
        if message is to_targets:
            expected.append("reply-to")
            assert parsed["Reply-To"].addresses[0].addr_spec == address
        else:
            expected += ["list-unsubscribe", "list-unsubscribe-post"]
        assert names == sorted(expected)
        for value in parsed.values():
            assert "\n" not in str(value) and "\r" not in str(value)
        sender = parsed["From"].addresses[0]
        assert one_line(sender.display_name) == display
        assert sender.addr_spec == settings.DEFAULT_FROM_EMAIL
        got = [(one_line(a.display_name), a.addr_spec) for a in parsed["To"].addresses]
        assert got == [(header_safe(d.name), d.address) for d in deliveries]
        if message is to_targets:
            assert one_line(parsed["Subject"]) == expected_subject
        else:
            assert one_line(parsed["Subject"]) == header_safe(f"Your letter: {expected_subject}")
        assert parsed["X-Letter-Ref"] == letter.mail_ref


@pytest.mark.parametrize(
    ("typed", "header"),
    [
        ("Hello\r\nBcc: victim@example.com", "Hello Bcc: victim@example.com"),
        ("a\x00b\u2028c\x85d\te", "a b c d e"),
        ("=?utf-8?q?x?=", "= ?utf-8?q?x?="),
        ("==??", "== ??"),
    ],
)
def test_it_keeps_header_values_to_one_line_of_literal_text(typed, header):
    assert header_safe(typed) == header
