"""One address, one person: advocacy/emails.py, and every form and lookup that uses it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from advocacy.emails import normalize_email
from digest.models import Subscriber
from letters.models import Letter
from privacy import services as privacy_services
from tests.conftest import created_deliveries, letter_data, make_letter

# What the attack pass used: one inbox, four addresses to the eye of a database.
DISGUISED = [
    "jane@example.com",
    "ja\u200bne@example.com",  # zero-width space
    "jane\u200d@Example.com",  # zero-width joiner
    "\ufeffjane@exam\u00adple.com",  # byte-order mark and soft hyphen
]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        *[(typed, "jane@example.com") for typed in DISGUISED],
        ("Jane@EXAMPLE.com", "jane@example.com"),
        ("ｊａｎｅ＠example.com", "jane@example.com"),  # full-width letters and @
        ("jane@\u200eexample.com\u200f", "jane@example.com"),  # direction marks
        ("jane@bücher.example", "jane@xn--bcher-kva.example"),
        ("jane@BÜCHER.example", "jane@xn--bcher-kva.example"),
        ("jane@example.com.", "jane@example.com"),
    ],
)
def test_it_strips_invisible_characters_and_encodes_idn_domains(typed, stored):
    assert normalize_email(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("jane@[127.0.0.1]", "ip_literal"),
        ("jane@[IPv6:::1]", "ip_literal"),
        ("jane@10.0.0.1", "ip_literal"),
        ("jane@localhost", "bad_domain"),
        ("jane@xn--.example", "bad_domain"),
        ("jane@a\u0000b.example", "bad_domain"),
        ("jane@" + "a" * 64 + ".example", "bad_domain"),
    ],
)
def test_it_refuses_ip_literals_and_domains_that_cannot_be_encoded(typed, code):
    with pytest.raises(ValidationError) as refused:
        normalize_email(typed)
    assert refused.value.code == code


@pytest.mark.django_db
def test_it_keeps_zero_width_characters_from_beating_one_letter_per_email(client, campaign):
    """The attack pass sent four letters to the ministers replying to one inbox."""
    url = reverse("letters:send", args=[campaign.slug])

    responses = [client.post(url, letter_data(email=email)) for email in DISGUISED]

    assert responses[0].status_code == 302
    for response in responses[1:]:
        assert "You have already written to this campaign" in response.content.decode()
    assert list(Letter.objects.values_list("email", flat=True)) == ["jane@example.com"]


@pytest.mark.django_db
def test_it_keeps_zero_width_characters_from_beating_one_letter_per_email_by_own_mail(
    client, campaign
):
    client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    response = client.post(
        reverse("letters:own_client", args=[campaign.slug]),
        letter_data(email="ja\u200bne@example.com"),
    )

    assert "You have already written to this campaign" in response.content.decode()
    assert Letter.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("jane@[127.0.0.1]", "addresses at an IP address are not accepted"),
        ("jane@localhost", "The part after @ is not a domain name email can be sent to"),
    ],
)
def test_it_refuses_an_ip_literal_or_bad_domain_on_the_letter_form_and_keeps_what_was_typed(
    client, campaign, typed, message
):
    response = client.post(
        reverse("letters:review", args=[campaign.slug]), letter_data(email=typed)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'value="Ottawa"' in html  # the rest of the form survives the refusal
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_it_stores_an_idn_address_as_its_mail_system_sends_to_it(client, campaign):
    client.post(
        reverse("letters:send", args=[campaign.slug]), letter_data(email="Jane@Bücher.example")
    )

    letter = created_deliveries(Letter.objects.get())
    assert letter.email == "jane@xn--bcher-kva.example"
    assert {d.address for d in letter.deliveries.all()} >= {"campaign@example.org"}


@pytest.mark.django_db
def test_it_normalizes_the_digest_sign_up_the_same_way(client):
    for email in DISGUISED:
        client.post(
            reverse("digest:signup"),
            {"email": email, "consent": "on"},
        )

    assert list(Subscriber.objects.values_list("email", flat=True)) == ["jane@example.com"]


@pytest.mark.django_db
def test_it_erases_every_letter_of_an_address_however_it_was_stored(campaign, closed_campaign):
    """A letter stored before normalization still holds its zero-width space: its erase
    link erases the person's newer, normalized letters too."""
    make_letter(campaign)
    old = make_letter(closed_campaign, email="jane@example.com", is_test=True)
    Letter.objects.filter(pk=old.pk).update(email="ja\u200bne@example.com")
    make_letter(campaign, email="someone.else@example.com", is_test=True)

    erased = privacy_services.erase_supporter(email="ja\u200bne@example.com")

    assert erased == 2
    assert list(Letter.objects.exclude(email=None).values_list("email", flat=True)) == [
        "someone.else@example.com"
    ]
