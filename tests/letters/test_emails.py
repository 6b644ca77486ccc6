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


def test_it_leaves_no_gap_where_the_optional_city_is_empty(campaign):
    letter = make_letter(
        campaign, city="", body="I live[ in {city}] and ask you to stop this deportation."
    )

    text = build_letter_message(letter, list(letter.deliveries.all())).body

    assert "I live and ask you to stop this deportation." in text
    assert "  " not in text
    assert text.endswith("Sincerely,\nJane Doe\nK1A 0A6")


@pytest.mark.parametrize(
    ("salutation", "greeting"),
    [
        ("Minister Goodale", "Dear Minister Goodale,"),
        ("Ms. Mendès", "Dear Ms. Mendès,"),
        ("Mr. Naqvi", "Dear Mr. Naqvi,"),
        ("", "Dear Yasir Naqvi, MP,"),
    ],
)
def test_it_greets_each_target_as_staff_set_it(db, salutation, greeting):
    from campaigns.models import Riding, Target
    from tests.conftest import make_letter_campaign

    riding = Riding.objects.create(code="35079", name="Ottawa Centre", province="ON")
    target = Target.objects.create(
        name="Yasir Naqvi", salutation=salutation, email="yasir.naqvi@parl.gc.ca", riding=riding
    )
    letter = make_letter(make_letter_campaign(target))

    text = build_letter_message(letter, list(letter.deliveries.all())).body

    assert text.startswith(f"{greeting}\n\n")


def test_it_signs_the_targets_letter_with_the_street_address_and_leaves_it_out_of_the_copy(
    campaign,
):
    letter = make_letter(campaign, street_address="12 Elm Street, Apt 3", send_copy=True)
    deliveries = list(letter.deliveries.all())

    to_targets = build_letter_message(letter, [d for d in deliveries if d.kind != "copy"])
    copy = build_letter_message(letter, [d for d in deliveries if d.kind == "copy"])

    assert to_targets.body.endswith("Sincerely,\nJane Doe\n12 Elm Street, Apt 3\nOttawa\nK1A 0A6")
    assert "12 Elm Street" in to_targets.alternatives[0][0]
    assert "12 Elm Street" not in copy.body
    assert "12 Elm Street" not in copy.alternatives[0][0]
    assert "Sincerely,\nJane Doe\nOttawa\nK1A 0A6" in copy.body
