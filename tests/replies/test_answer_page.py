"""The questionnaire's page: a GET shows, only a button press records; consent is the
supporter's; bad links and bad input change nothing."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy import services as privacy_services
from replies import services
from replies.links import make_token
from replies.models import Answer, Reply
from tests.replies.conftest import asked, delivered_letter, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(campaign):
    return asked(delivered_letter(campaign))


@pytest.fixture
def url(questionnaire):
    return reverse("replies:answer", args=[make_token(questionnaire)])


@pytest.fixture
def goodale(questionnaire, minister_goodale):
    return questionnaire.answers.get(target=minister_goodale)


def reply_data(answer, **overrides):
    data = {
        "question": answer.pk,
        f"r{answer.pk}-text": "Thank you for your letter. The minister is reviewing the case.",
        f"r{answer.pk}-publish_consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_it_shows_the_question_from_the_email_and_records_nothing_on_a_get(client, url, goodale):
    response = client.get(url, {"q": goodale.pk, "choice": "no"})

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    text = page_text(response)
    assert "Did Ralph Goodale reply?" in text and "Did John McCallum reply?" in text
    assert "Press the button below to record your answer." in text
    assert not Answer.objects.exclude(choice="").exists()


def test_it_records_the_answer_of_the_button_pressed_and_lets_it_change(
    client, url, goodale, minister_mccallum
):
    response = client.post(url, {"question": goodale.pk, "choice": "not_yet"})

    assert response.status_code == 302
    assert response["Location"] == f"{url}?q={goodale.pk}&recorded=1#question-{goodale.pk}"
    goodale.refresh_from_db()
    assert goodale.choice == Answer.Choice.NOT_YET and goodale.answered_at is not None
    assert "Your answer: Not yet" in page_text(client.get(response["Location"]))

    client.post(url, {"question": goodale.pk, "choice": "yes"})
    goodale.refresh_from_db()
    assert goodale.choice == Answer.Choice.YES
    assert Answer.objects.get(target=minister_mccallum).choice == ""


def test_it_keeps_a_reply_for_moderation_only_with_consent(client, url, goodale):
    client.post(url, {"question": goodale.pk, "choice": "yes"})

    response = client.post(url, reply_data(goodale, **{f"r{goodale.pk}-show_first_name": "on"}))

    assert response.status_code == 302
    reply = Reply.objects.get()
    assert reply.state == Reply.State.PENDING
    assert reply.publish_consent and reply.show_first_name
    assert (
        reply.target_id == goodale.target_id
        and reply.campaign_id == goodale.questionnaire.letter.campaign_id
    )
    assert "our team checks their reply before it is published" in page_text(
        client.get(response["Location"])
    )


def test_it_never_publishes_a_reply_shared_without_consent(client, url, goodale, editor):
    client.post(url, {"question": goodale.pk, "choice": "yes"})
    client.post(
        url,
        reply_data(
            goodale,
            **{f"r{goodale.pk}-publish_consent": None, f"r{goodale.pk}-show_first_name": "on"},
        ),
    )

    reply = Reply.objects.get()
    assert reply.state == Reply.State.PRIVATE
    assert not reply.show_first_name, "no name shown where nothing is published"
    with pytest.raises(services.CannotApprove, match="did not agree"):
        services.approve_reply(reply, by=editor)
    assert not Reply.objects.published().exists()


def test_it_shows_the_first_name_only_if_the_supporter_agreed(campaign, client, editor):
    shown = asked(delivered_letter(campaign, first_name="Jane", email="jane@example.com"))
    hidden = asked(delivered_letter(campaign, first_name="Omar", email="omar@example.com"))
    for questionnaire, name_too in ((shown, True), (hidden, False)):
        answer = questionnaire.answers.first()
        reply = services.submit_reply(
            answer, text="We have read your letter.", publish_consent=True,
            show_first_name=name_too,
        )  # fmt: skip
        services.approve_reply(reply, by=editor)

    wall = page_text(client.get(campaign.get_absolute_url()))

    assert "shared by Jane" in wall
    assert "Omar" not in wall
    assert wall.count("We have read your letter.") == 2


def test_it_keeps_what_was_typed_when_the_reply_is_refused(client, url, goodale):
    client.post(url, {"question": goodale.pk, "choice": "yes"})
    too_long = "Thank you. " * 2000

    response = client.post(url, reply_data(goodale, **{f"r{goodale.pk}-text": too_long}))

    assert response.status_code == 400
    assert "There is a problem" in page_text(response)
    html = response.content.decode()
    assert too_long.strip() in html
    assert re.search(rf'<input[^>]*name="r{goodale.pk}-publish_consent"[^>]*checked', html)
    assert not Reply.objects.exists()


def test_it_forgets_the_pasted_reply_when_the_answer_becomes_no(client, url, goodale):
    client.post(url, {"question": goodale.pk, "choice": "yes"})
    client.post(url, reply_data(goodale))

    client.post(url, {"question": goodale.pk, "choice": "no"})

    assert not Reply.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"choice": "yes"},
        {"question": "abc", "choice": "yes"},
        {"question": 999999, "choice": "yes"},
        {"question": "GOODALE", "choice": "maybe"},
    ],
    ids=["no-question", "not-a-number", "not-this-questionnaires", "unknown-answer"],
)
def test_it_refuses_a_button_it_did_not_offer(client, url, goodale, data):
    data = {k: goodale.pk if v == "GOODALE" else v for k, v in data.items()}

    response = client.post(url, data)

    assert response.status_code == 400
    assert not Answer.objects.exclude(choice="").exists()


def test_it_answers_no_question_of_another_questionnaire(client, campaign, url):
    other = asked(delivered_letter(campaign, email="jo@example.com"))
    theirs = other.answers.first()

    response = client.post(url, {"question": theirs.pk, "choice": "yes"})

    assert response.status_code == 400
    theirs.refresh_from_db()
    assert theirs.choice == ""


def test_it_refuses_a_link_that_was_cut_changed_or_never_sent(client, campaign, url):
    letter = delivered_letter(campaign, email="jo@example.com")
    unsent = services.create_questionnaire(letter, now=timezone.now())
    never_sent = reverse("replies:answer", args=[make_token(unsent)])

    for bad in (url[:-5] + "/", url.replace("/replies/", "/replies/x"), never_sent):
        response = client.get(bad)
        assert response.status_code == 404, bad
        assert "This link does not work" in page_text(response)


def test_it_has_nothing_to_answer_once_the_supporter_is_erased(client, url, goodale):
    privacy_services.erase_supporter(email="jane@example.com")

    assert client.get(url).status_code == 410
    response = client.post(url, {"question": goodale.pk, "choice": "yes"})

    assert response.status_code == 410
    goodale.refresh_from_db()
    assert goodale.choice == ""
