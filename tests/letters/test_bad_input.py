"""Bad input, field by field and endpoint by endpoint: a message next to the field or
a cleaned value; never a server error, never a header with a line break, never
unescaped markup on a page or in an email."""

import email
import email.policy

import pytest
from django.core import mail
from django.urls import reverse

from letters.models import Letter
from tests.conftest import letter_data, review_stamp_for, signed_start

pytestmark = pytest.mark.django_db

SINGLE_LINE = "Use a single line, without control characters."
NULL = "Null characters are not allowed."
NAME_CHARS = "Use letters, spaces, hyphens and apostrophes only."
EMAIL = "Enter a valid email address."
POSTAL = "Enter a Canadian postal code, like K1A 0A6."
SQL = "Robert'); DROP TABLE letters_letter; --"
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'

BAD = {
    "crlf": "Jane\r\nBcc: victim@example.com",
    "lf": "Jane\nSubject: injected",
    "nul": "Ja\x00ne",
    "control": "Ja\x1b[31mne\x07",
    "bidi": "Jane\u202egnp.exe\u202c\u2066x\u2069",
    "html": SCRIPT,
    "sql": SQL,
    "long": "x" * 100_000,
    "crlf-short": "K1A\r\n0A6",
    "bidi-short": "\u202ek1a0a6\u202c",
}


def too_long(n):
    return f"Ensure this value has at most {n} characters"


# field -> kind -> ("rejected", message) or ("cleaned", stored value)
EXPECTED = {
    "first_name": {
        "crlf": ("rejected", SINGLE_LINE), "lf": ("rejected", SINGLE_LINE),
        "nul": ("rejected", NULL), "control": ("rejected", SINGLE_LINE),
        "bidi": ("cleaned", "Janegnp.exex"), "html": ("rejected", NAME_CHARS),
        "sql": ("cleaned", SQL), "long": ("rejected", too_long(100)),
    },
    "city": {
        "crlf": ("rejected", SINGLE_LINE), "lf": ("rejected", SINGLE_LINE),
        "nul": ("rejected", NULL), "control": ("rejected", SINGLE_LINE),
        "bidi": ("cleaned", "Janegnp.exex"), "html": ("rejected", NAME_CHARS),
        "sql": ("cleaned", SQL), "long": ("rejected", too_long(100)),
    },
    "email": {
        "crlf": ("rejected", EMAIL), "lf": ("rejected", EMAIL), "nul": ("rejected", NULL),
        "control": ("rejected", EMAIL), "bidi": ("rejected", EMAIL),
        "html": ("rejected", EMAIL), "sql": ("rejected", EMAIL), "long": ("rejected", EMAIL),
    },
    "postal_code": {
        "crlf": ("rejected", too_long(10)), "lf": ("rejected", too_long(10)),
        "nul": ("rejected", NULL), "control": ("rejected", POSTAL),
        "bidi": ("rejected", too_long(10)), "html": ("rejected", too_long(10)),
        "sql": ("rejected", too_long(10)), "long": ("rejected", too_long(10)),
        "crlf-short": ("rejected", SINGLE_LINE), "bidi-short": ("cleaned", "K1A 0A6"),
    },
    "subject": {
        "crlf": ("rejected", SINGLE_LINE), "lf": ("rejected", SINGLE_LINE),
        "nul": ("rejected", NULL), "control": ("rejected", SINGLE_LINE),
        "bidi": ("cleaned", "Janegnp.exex"), "html": ("cleaned", SCRIPT),
        "sql": ("cleaned", SQL), "long": ("rejected", too_long(200)),
    },
    "body": {
        "crlf": ("cleaned", "Jane\nBcc: victim@example.com"),
        "lf": ("cleaned", "Jane\nSubject: injected"),
        "nul": ("cleaned", "Jane"), "control": ("cleaned", "Ja[31mne"),
        "bidi": ("cleaned", "Janegnp.exex"), "html": ("cleaned", SCRIPT),
        "sql": ("cleaned", SQL), "long": ("rejected", too_long(5000)),
    },
}  # fmt: skip
CASES = [
    pytest.param(field, kind, *outcome, id=f"{field}-{kind}")
    for field, outcomes in EXPECTED.items()
    for kind, outcome in outcomes.items()
]
EXPECTED["last_name"] = EXPECTED["first_name"]
CASES += [
    pytest.param("last_name", k, *o, id=f"last_name-{k}") for k, o in EXPECTED["last_name"].items()
]


def assert_no_injected_headers(message):
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    allowed = {
        "content-type", "mime-version", "content-transfer-encoding", "subject", "from", "to",
        "cc", "reply-to", "date", "message-id", "x-letter-ref", "list-unsubscribe",
        "list-unsubscribe-post",
    }  # fmt: skip
    assert {k.lower() for k in parsed} <= allowed
    for value in parsed.values():
        assert "\n" not in str(value) and "\r" not in str(value)
    assert "victim@example.com" not in (parsed["Bcc"] or "")
    return parsed


@pytest.mark.parametrize("step", ["review", "send"])
@pytest.mark.parametrize(("field", "kind", "outcome", "expected"), CASES)
def test_it_rejects_or_cleans_each_bad_input_in_each_field(
    client, campaign, abuse_checks, django_capture_on_commit_callbacks, step, field, kind, outcome,
    expected,
):  # fmt: skip
    data = letter_data(send_copy="on", **{field: BAD[kind]})
    data["started"] = review_stamp_for(client, campaign, email=data["email"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse(f"letters:{step}", args=[campaign.slug]), data)

    page = response.content.decode()
    assert "<script>" not in page and "<img src=x" not in page
    if outcome == "rejected":
        assert response.status_code == 200
        assert f'id="id_{field}_error"' in page, "the message sits next to its field"
        assert expected.replace("'", "&#x27;") in page
        assert not Letter.objects.exists()
        assert not mail.outbox
        return
    if step == "review":
        assert response.status_code == 200
        assert "Review your letter" in page
        return
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert getattr(letter, field) == expected
    assert len(mail.outbox) == 2  # the targets' message and the supporter's copy
    for message in mail.outbox:
        assert_no_injected_headers(message)
        html = message.alternatives[0][0]
        assert "<script>" not in html and "<img src=x" not in html
    status_page = client.get(letter.get_absolute_url()).content.decode()
    assert "<script>" not in status_page
    if kind == "html":
        assert "&lt;script&gt;" in status_page + mail.outbox[0].alternatives[0][0]


def test_it_never_lets_a_display_name_or_subject_carry_a_line_break(
    client, campaign, django_capture_on_commit_callbacks, settings
):
    """Even when a template's own subject has one (staff typed it) and a name is odd."""
    template = campaign.letter_templates.get()
    template.subject = "Line one\r\nBcc: victim@example.com"
    template.editable = False
    template.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:send", args=[campaign.slug]), letter_data(last_name='D"oe,'))

    parsed = assert_no_injected_headers(mail.outbox[0])
    assert parsed["Subject"] == "Line one Bcc: victim@example.com"
    assert parsed["From"].addresses[0].display_name == 'Jane D"oe, via ICLMG'
    assert parsed["From"].addresses[0].addr_spec == settings.DEFAULT_FROM_EMAIL


def test_it_ignores_a_tampered_subject_and_body_when_the_letter_is_not_editable(client, campaign):
    template = campaign.letter_templates.get()
    template.editable = False
    template.save()
    client.post(
        reverse("letters:send", args=[campaign.slug]),
        letter_data(subject="Tampered", body="Tampered body"),
    )
    letter = Letter.objects.get()
    assert (letter.subject, letter.body) == (template.subject, template.body)


@pytest.mark.parametrize(
    "body",
    [
        "I have { and } in my text, and {0} and {first_name.__class__}",
        "{first_name:>999999999}",
        "{unknown} placeholder {}",
    ],
)
def test_it_sends_a_letter_whatever_braces_it_contains(
    client, campaign, django_capture_on_commit_callbacks, body
):
    """A brace never crashes the worker, reaches an attribute or pads a value."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:send", args=[campaign.slug]), letter_data(body=body))

    sent = mail.outbox[0].body
    assert body in sent
    assert "<class" not in sent and len(sent) < 2000


@pytest.mark.parametrize("missing", ["first_name", "last_name", "email", "postal_code", "body"])
@pytest.mark.parametrize("step", ["review", "send"])
def test_it_asks_for_each_missing_field(client, campaign, step, missing):
    data = letter_data()
    del data[missing]
    response = client.post(reverse(f"letters:{step}", args=[campaign.slug]), data)

    assert response.status_code == 200
    assert f'id="id_{missing}_error">' in response.content.decode()
    assert not Letter.objects.exists()


def test_it_takes_the_last_value_of_a_duplicated_field(client, campaign):
    data = letter_data()
    data["first_name"] = ["Mallory\r\nBcc: x@example.com", "Jane"]
    response = client.post(reverse("letters:send", args=[campaign.slug]), data)

    assert response.status_code == 302
    assert Letter.objects.get().first_name == "Jane"


def test_it_survives_invalid_utf8_in_the_request(client, campaign):
    body = b"first_name=J%FF%FEane&last_name=Doe&email=jane%40example.com&postal_code=K1A0A6"
    body += b"&subject=Hi&body=%C3%28%A0%A1 text \xff\xfe"
    response = client.post(
        reverse("letters:send", args=[campaign.slug]),
        body,
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code in (200, 302, 400)
    if response.status_code == 302:
        letter = Letter.objects.get()
        assert letter.first_name.startswith("J") and "\ufffd" in letter.first_name + letter.body


@pytest.mark.parametrize("step", ["review", "send"])
@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_it_refuses_other_methods_on_the_letter_form(client, campaign, step, method):
    response = getattr(client, method)(reverse(f"letters:{step}", args=[campaign.slug]))
    assert response.status_code == 405
    assert not Letter.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "/campaigns/%3Cscript%3E/",
        "/campaigns/stop-the-deportation/review/x",
        "/letters/00000000-0000-0000-0000-000000000000/",
        "/letters/confirm/forged/",
        "/privacy/erase/forged/",
        "/privacy/unsubscribe/forged/",
        "/privacy/erase/%00%0d%0a/",
        "/?page=%3Cscript%3E",
        "/?page=99999999999999999999",
    ],
)
def test_it_answers_forged_and_odd_urls_without_an_error(client, campaign, url):
    url = "/en" + url
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert b"<script>" not in response.content
    assert client.post(url).status_code in (200, 404, 405)


# The other public forms: the co-sign request and the digest sign-up.
OTHER_FORMS = {
    "campaigns:cosign": (
        {"name": "A Coalition", "contact_name": "Sam Lee", "contact_email": "sam@org.example"},
        ["name", "contact_name", "contact_email"],
    ),
    "digest:signup": (
        {"email": "sam@org.example", "name": "Sam", "consent": "on"},
        ["name", "email"],
    ),
}
OTHER_CASES = [
    pytest.param(form, field, kind, id=f"{form.split(':')[1]}-{field}-{kind}")
    for form, (_data, fields) in OTHER_FORMS.items()
    for field in fields
    for kind in BAD
]


def stored_rows(statement):
    from digest.models import Subscriber

    return list(statement.cosigners.values_list("name", "contact_name", "contact_email")) + list(
        Subscriber.objects.values_list("name", "email")
    )


@pytest.mark.parametrize(("form", "field", "kind"), OTHER_CASES)
def test_it_rejects_or_cleans_each_bad_input_on_the_other_public_forms(
    client, statement, abuse_checks, django_capture_on_commit_callbacks, form, field, kind
):
    data, _fields = OTHER_FORMS[form]
    url = reverse(form, args=[statement.slug] if form.startswith("campaigns") else [])
    before = stored_rows(statement)
    post = {**data, field: BAD[kind], "started": signed_start()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, post)

    assert response.status_code in (200, 302)
    page = response.content.decode()
    assert "<script>" not in page and "<img src=x" not in page
    after = stored_rows(statement)
    if response.status_code == 200 and len(after) == len(before):
        assert f'{field}_error"' in page, "a message next to the field"
    for row in set(after) - set(before):
        for value in row:
            assert not any(ch in value for ch in "\r\n\x00\x1b\u202e<>")
    for message in mail.outbox:
        assert_no_injected_headers(message)
        for _content, _type in getattr(message, "alternatives", []):
            assert "<script>" not in _content


@pytest.mark.parametrize("form", list(OTHER_FORMS))
@pytest.mark.parametrize("method", ["put", "delete", "patch", "options"])
def test_it_answers_other_methods_on_the_other_public_forms_without_storing(
    client, statement, form, method
):
    url = reverse(form, args=[statement.slug] if form.startswith("campaigns") else [])
    before = stored_rows(statement)
    data, _fields = OTHER_FORMS[form]
    response = getattr(client, method)(url, data, content_type="application/x-www-form-urlencoded")
    assert response.status_code < 500
    assert stored_rows(statement) == before
