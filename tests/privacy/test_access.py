"""What you hold about me: a link in every email to a supporter leads to a button that
emails them, once, a link to everything held about their address, readable and as JSON,
where they can erase it too."""

import json
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from digest.models import Subscriber
from letters.models import Delivery, Letter
from partners.models import Partner, PartnerConsent
from replies.models import Answer, Questionnaire, Reply
from tests.conftest import letter_data, make_letter, make_letter_campaign

pytestmark = pytest.mark.django_db


def link(message, path: str) -> str:
    return re.search(rf"http://testserver(/en/privacy/{path}/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def copy_message(client, campaign, django_capture_on_commit_callbacks):
    """Jane's letter, written with a copy to herself: the copy is the message returned."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:send", args=[campaign.slug]), letter_data(send_copy="on"))
    return next(m for m in mail.outbox if m.to == ["Jane Doe <jane@example.com>"])


@pytest.fixture
def held(campaign, minister_goodale, copy_message):
    """Jane: two letters, a partner consent, a digest subscription, a reply. Bob: the same
    kinds of records, on the same campaign, which Jane's report must not show."""
    other = make_letter_campaign(minister_goodale, title="Free the press", slug="free-the-press")
    jane_second = make_letter(
        other, body="A second letter, from Jane.", street_address="1 Oak Road"
    )
    bob = make_letter(
        campaign,
        first_name="Bob",
        last_name="Roe",
        email="bob@example.org",
        body="Bob's own words.",
    )
    partner = Partner.objects.create(name="Rights Watch", slug="rights-watch")
    for letter, who in [(jane_second, "Jane"), (bob, "Bob")]:
        PartnerConsent.objects.create(letter=letter, partner=partner, wording=f"Yes ({who})")
        Subscriber.objects.create(
            email=letter.email,
            name=who,
            status=Subscriber.Status.CONFIRMED,
            consent_text=f"News for {who}",
            consented_at=timezone.now(),
        )
        delivery = letter.deliveries.filter(kind=Delivery.Kind.TO).first()
        questionnaire = Questionnaire.objects.create(letter=letter, token_hash=f"hash-{who}")
        answer = Answer.objects.create(
            questionnaire=questionnaire, delivery=delivery, target=delivery.target, choice="yes"
        )
        Reply.objects.create(
            target=delivery.target, answer=answer, text=f"A reply to {who}", state="private"
        )
    mail.outbox.clear()
    return copy_message


def snapshot() -> list:
    return [
        list(model.objects.order_by("pk").values())
        for model in (Letter, Delivery, Subscriber, PartnerConsent, Questionnaire, Answer, Reply)
    ]


def ask_for_the_report(client, copy_message) -> str:
    """Press the button; the report's link, from the one email it sends."""
    response = client.post(link(copy_message, "access"))
    assert b"Check your email" in response.content
    (message,) = mail.outbox
    return re.search(r"http://testserver(/en/privacy/report/\S+/)", message.body).group(1)


def test_it_puts_the_access_link_in_the_copy_and_the_confirmation(
    copy_message, client, campaign, django_capture_on_commit_callbacks
):
    assert "/privacy/access/" in copy_message.body
    assert "/privacy/access/" in copy_message.alternatives[0][0]
    assert "jane@example.com" not in link(copy_message, "access"), "no address in the link"
    campaign.require_confirmation = True
    campaign.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("letters:send", args=[campaign.slug]), letter_data(email="ann@example.com")
        )
    (confirmation,) = mail.outbox
    assert "/privacy/access/" in confirmation.body
    assert "/privacy/access/" in confirmation.alternatives[0][0]


def test_it_emails_the_report_link_once_on_a_button_press(client, held, abuse_checks):
    url = link(held, "access")
    page = client.get(url)
    assert b"Email me what you hold" in page.content
    assert mail.outbox == [], "the GET sends nothing"

    report = ask_for_the_report(client, held)

    (message,) = mail.outbox
    assert message.to == ["jane@example.com"]
    assert message.subject == "What we hold about you"
    assert report in message.alternatives[0][0]
    again = client.post(url)
    assert again.status_code == 429
    assert len(mail.outbox) == 1, "a second press within the window sends nothing more"


def test_it_shows_the_report_without_changing_anything(client, held):
    report = ask_for_the_report(client, held)
    before = snapshot()

    page = client.get(report)
    download = client.get(report + "data.json")

    assert snapshot() == before
    assert len(mail.outbox) == 1
    text = page.content.decode()
    for shown in [
        "Stop the deportation", "Free the press", "I write from Ottawa", "A second letter",
        "Rights Watch", "Yes (Jane)", "News for Jane", "A reply to Jane", "Goodale",
    ]:  # fmt: skip
        assert shown in text, shown
    assert "Bob" not in text and "bob@example.org" not in text
    assert page["Cache-Control"].startswith("max-age=0")
    assert download["Content-Disposition"] == 'attachment; filename="my-data.json"'


def test_its_json_holds_exactly_that_supporters_data(client, held):
    data = client.get(ask_for_the_report(client, held) + "data.json").json()

    jane = Letter.objects.of_address("jane@example.com").order_by("created_at", "id")
    assert [letter["text"] for letter in data["letters"]] == [letter.body for letter in jane]
    assert {letter["email"] for letter in data["letters"]} == {"jane@example.com"}
    first, second = data["letters"]
    assert first["campaign"] == "Stop the deportation"
    assert (second["street_address"], second["city"]) == ("1 Oak Road", "Ottawa")
    assert [d["address"] for d in first["deliveries"]] == list(
        jane[0].deliveries.order_by("kind", "id").values_list("address", flat=True)
    )
    assert second["partner_consents"][0]["wording"] == "Yes (Jane)"
    replied = [d for d in second["deliveries"] if d["reply"]]
    assert [(d["did_they_reply"], d["reply"]["text"]) for d in replied] == [
        ("yes", "A reply to Jane")
    ]
    assert [s["consent_wording"] for s in data["news_digest"]] == ["News for Jane"]
    dumped = json.dumps(data)
    assert "Bob" not in dumped and "bob@example.org" not in dumped


def test_it_erases_from_the_report_page(client, held):
    report = ask_for_the_report(client, held)
    erase = re.search(
        r'<form method="post" action="http://testserver([^"]+)"',
        client.get(report).content.decode(),
    ).group(1)

    assert b"Your personal data is erased" in client.post(erase).content

    assert not Letter.objects.of_address("jane@example.com").exists()
    assert Letter.objects.of_address("bob@example.org").exists()
    assert client.get(report).status_code == 404, "nothing left to show"


def test_it_refuses_altered_links(client, held):
    report = ask_for_the_report(client, held)
    assert client.get(report.replace("/report/", "/report/x")).status_code == 404
    assert client.get(link(held, "access").replace("access/", "access/x")).status_code == 404
    assert client.post(link(held, "erase").replace("/erase/", "/access/")).status_code == 404


def test_it_shows_the_report_in_french(client, held):
    report = ask_for_the_report(client, held)
    with translation.override("fr"):
        text = client.get(report.replace("/en/", "/fr/")).content.decode()
    assert "Ce que nous détenons sur vous" in text
    assert "Acceptée pour envoi" in text and "Aucun abonnement." not in text


def test_it_reads_the_report_in_a_fixed_number_of_queries(client, held, django_assert_num_queries):
    report = ask_for_the_report(client, held)
    with django_assert_num_queries(8):
        client.get(report + "data.json")


def test_its_link_works_for_a_week(client, held):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        report = ask_for_the_report(client, held)
        clock.shift(timezone.timedelta(days=6, hours=23))
        assert client.get(report).status_code == 200
        clock.shift(timezone.timedelta(hours=2))
        assert b"This link does not work" in client.get(report).content


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the provider is down")


def test_it_says_so_when_the_email_cannot_go(client, held, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    before = snapshot()

    response = client.post(link(held, "access"))

    assert response.status_code == 503
    assert b"The email could not be sent" in response.content
    assert snapshot() == before
