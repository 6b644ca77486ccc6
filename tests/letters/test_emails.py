import re

import pytest

from letters import services
from letters.emails import build_letter_message, describe_placeholders, fill_placeholders
from letters.models import Letter
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db


def test_it_fills_every_known_placeholder():
    letter = Letter(first_name="Jane", last_name="Doe", postal_code="K1A 0A6", city="Ottawa")

    text = fill_placeholders(
        "{first_name}|{last_name}|{full_name}|{postal_code}|{city}|{target_names}|{mp_name}",
        letter,
        target_names="Minister Goodale",
    )

    assert text == "Jane|Doe|Jane Doe|K1A 0A6|Ottawa|Minister Goodale|"


@pytest.mark.parametrize(
    "typed",
    ["{", "}", "{0}", "{first_name.__class__}", "{{first_name}}", "100% {unknown}", "{ city }"],
)
def test_it_never_fails_on_braces_a_supporter_types(typed):
    letter = Letter(first_name="Jane", last_name="Doe")

    result = fill_placeholders(typed, letter)

    assert "__class__" not in result or result == typed
    assert "<class" not in result


def test_it_describes_placeholders_on_the_campaign_page():
    text = describe_placeholders("From {city}, to {target_names}", target_names="Minister X")

    assert text == "From [your city], to Minister X"


def test_it_builds_the_review_with_the_same_code_as_the_sent_message(campaign, minister_goodale):
    fields = {
        "first_name": "Jane",
        "last_name": "Doe",
        "email": "jane@example.com",
        "postal_code": "K1A 0A6",
        "city": "Ottawa",
        "subject": "About {city}",
        "body": "Hello {target_names}, from {first_name}.",
        "send_copy": True,
    }
    template = campaign.letter_templates.first()
    draft, previews = services.preview_letter(campaign, template=template, **fields)

    letter = make_letter(campaign, **fields)
    deliveries = list(letter.deliveries.all())
    sent = [
        build_letter_message(letter, [d for d in deliveries if d.kind != "copy"]),
        build_letter_message(letter, [d for d in deliveries if d.kind == "copy"]),
    ]

    def shape(m, public_id):
        body = m.body.replace(str(public_id), "ID")
        # The copy's unsubscribe and erasure links are signed for each letter.
        body = re.sub(r"/privacy/(\w+)/[^/\s]+/", r"/privacy/\1/TOKEN/", body)
        return (m.from_email, m.to, m.cc, m.reply_to, m.subject, body)

    assert [shape(m, draft.public_id) for m in previews] == [
        shape(m, letter.public_id) for m in sent
    ]
