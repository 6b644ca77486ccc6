"""Who is asked "Did they reply?", when, about which targets, and never twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from campaigns.models import Campaign
from letters.models import Delivery, Letter
from privacy import services as privacy_services
from replies import services
from replies.models import Answer, Questionnaire
from tests.conftest import letter_data, make_letter
from tests.letters.smtp_sink import SMTPSink, free_port, smtp_settings
from tests.replies.conftest import DAYS, answer_links, delivered_letter

pytestmark = pytest.mark.django_db


def questionnaires(outbox) -> list:
    return [m for m in outbox if "X-Questionnaire-ID" in m.extra_headers]


def sent_at(letter):
    return letter.deliveries.filter(kind=Delivery.Kind.TO).latest("sent_at").sent_at


def test_it_asks_once_the_campaigns_days_after_the_letter_reached_its_targets(campaign, mailoutbox):
    letter = delivered_letter(campaign)
    due = sent_at(letter) + 14 * DAYS

    assert services.send_due_questionnaires(now=due - timedelta(minutes=1)) == 0
    assert services.send_due_questionnaires(now=due) == 1
    assert services.send_due_questionnaires(now=due + DAYS) == 0
    assert services.send_due_questionnaires(now=due + 3 * DAYS) == 0

    [message] = questionnaires(mailoutbox)
    assert message.to == ["Jane Doe <jane@example.com>"]
    assert message.from_email == "ICLMG <letters@iclmg.example>"
    assert message.subject == "Did John McCallum and Ralph Goodale reply to your letter?"
    assert "Hello Jane," in message.body
    assert "Did Ralph Goodale reply?" in message.body
    assert "Did John McCallum reply?" in message.body
    assert "/privacy/unsubscribe/" in message.body and "/privacy/erase/" in message.body
    assert "/privacy/access/" in message.body and "/privacy/access/" in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Three buttons per target, each to our page (which asks once more before recording).
    assert len(answer_links(message.body)) == 6
    html = message.alternatives[0][0]
    assert html.count('<a href="http://testserver/en/replies/') == 6
    assert "jane@example.com" not in "".join(answer_links(message.body))


def test_it_follows_each_campaigns_delay_and_never_asks_when_it_is_zero(
    campaign, minister_goodale, mailoutbox
):
    Campaign.objects.filter(pk=campaign.pk).update(reply_check_days=7)
    campaign.refresh_from_db()
    week = delivered_letter(campaign)
    silent = delivered_letter(
        _other_campaign(minister_goodale, reply_check_days=0), email="jo@example.com"
    )

    services.send_due_questionnaires(now=sent_at(week) + 7 * DAYS)
    services.send_due_questionnaires(now=sent_at(silent) + 14 * DAYS)

    assert Questionnaire.objects.filter(letter=week, sent_at__isnull=False).exists()
    assert not Questionnaire.objects.filter(letter=silent).exists()
    assert len(questionnaires(mailoutbox)) == 1


def _other_campaign(*targets, **overrides):
    from tests.conftest import make_letter_campaign

    return make_letter_campaign(*targets, title="Another", slug="another", **overrides)


def test_it_asks_only_about_the_targets_the_letter_reached(campaign, minister_goodale, mailoutbox):
    letter = delivered_letter(campaign)
    letter.deliveries.filter(target=minister_goodale).update(state=Delivery.State.BOUNCED)

    services.send_due_questionnaires(now=sent_at(letter) + 14 * DAYS)

    questionnaire = Questionnaire.objects.get(letter=letter)
    assert [a.target.name for a in questionnaire.answers.all()] == ["John McCallum"]
    [message] = questionnaires(mailoutbox)
    assert message.subject == "Did John McCallum reply to your letter?"
    assert "Goodale" not in message.body


def test_it_asks_nothing_about_a_letter_that_reached_no_target(campaign, mailoutbox):
    letter = delivered_letter(campaign)
    letter.deliveries.filter(kind=Delivery.Kind.TO).update(state=Delivery.State.FAILED)

    services.send_due_questionnaires(now=timezone.now() + 15 * DAYS)

    assert not Questionnaire.objects.exists()
    assert questionnaires(mailoutbox) == []


def test_it_waits_for_a_delivery_still_being_retried(campaign, minister_goodale, mailoutbox):
    letter = delivered_letter(campaign)
    start = sent_at(letter)
    retried = letter.deliveries.filter(target=minister_goodale)
    retried.update(state=Delivery.State.QUEUED, sent_at=None)

    assert services.send_due_questionnaires(now=start + 14 * DAYS) == 0

    retried.update(state=Delivery.State.DELIVERED, sent_at=start + DAYS)
    assert services.send_due_questionnaires(now=start + 14 * DAYS) == 0
    assert services.send_due_questionnaires(now=start + 15 * DAYS) == 1


def test_it_never_asks_about_letters_it_did_not_send(campaign, mailoutbox):
    from letters import services as letter_services

    data = letter_data(postal_code="K1A 0A6")
    own = letter_services.record_own_client_letter(
        campaign, template=campaign.letter_templates.first(), **data
    )
    held = make_letter(campaign, email="held@example.com")
    Letter.objects.filter(pk=held.pk).update(state=Letter.State.HELD)

    services.send_due_questionnaires(now=timezone.now() + 14 * DAYS)

    assert own.state == Letter.State.OWN_CLIENT
    assert not Questionnaire.objects.exists()


def test_it_does_not_ask_about_letters_long_past_their_time(campaign, mailoutbox):
    """Turning the questionnaire on, or a loop down for weeks, mails no old letters."""
    letter = delivered_letter(campaign)

    sent = services.send_due_questionnaires(
        now=sent_at(letter) + (14 + services.LATE_DAYS) * DAYS + timedelta(minutes=1)
    )

    assert sent == 0
    assert not Questionnaire.objects.exists()


def test_it_asks_nobody_who_unsubscribed_from_any_of_their_letters(
    client, campaign, minister_goodale, mailoutbox
):
    jane = delivered_letter(campaign)
    earlier = delivered_letter(_other_campaign(minister_goodale), email="JANE@example.com")
    privacy_services.unsubscribe(email=earlier.email)
    other = delivered_letter(campaign, email="jo@example.com")

    services.send_due_questionnaires(now=sent_at(other) + 14 * DAYS)

    assert list(Questionnaire.objects.values_list("letter", flat=True)) == [other.pk]
    assert not Questionnaire.objects.filter(letter__in=[jane, earlier]).exists()
    assert [m.to for m in questionnaires(mailoutbox)] == [["Jane Doe <jo@example.com>"]]


def test_it_asks_nobody_who_was_erased(campaign, mailoutbox):
    letter = delivered_letter(campaign)
    privacy_services.erase_supporter(email="jane@example.com")

    services.send_due_questionnaires(now=sent_at(letter) + 14 * DAYS)

    assert not Questionnaire.objects.exists()


def test_it_tries_again_later_when_the_mail_server_is_down_and_then_sends_once(campaign, settings):
    letter = delivered_letter(campaign)
    due = sent_at(letter) + 14 * DAYS
    smtp_settings(settings, free_port())  # nothing listens there

    assert services.send_due_questionnaires(now=due) == 0
    questionnaire = Questionnaire.objects.get()
    assert questionnaire.sent_at is None and questionnaire.attempts == 1
    assert "ConnectionRefusedError" in questionnaire.last_error
    assert services.send_due_questionnaires(now=due + timedelta(seconds=1)) == 0, "backs off"

    sink = SMTPSink().start()
    try:
        smtp_settings(settings, sink.port)
        assert services.send_due_questionnaires(now=due + timedelta(hours=2)) == 1
        assert services.send_due_questionnaires(now=due + timedelta(hours=4)) == 0
        assert sink.count() == 1
    finally:
        sink.stop()
    questionnaire.refresh_from_db()
    assert questionnaire.sent_at is not None and questionnaire.last_error == ""


def test_it_drops_a_waiting_questionnaire_when_its_supporter_unsubscribes(
    campaign, settings, mailoutbox
):
    letter = delivered_letter(campaign)
    due = sent_at(letter) + 14 * DAYS
    smtp_settings(settings, free_port())
    services.send_due_questionnaires(now=due)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    privacy_services.unsubscribe(email="jane@example.com")

    assert services.send_due_questionnaires(now=due + DAYS) == 0
    questionnaire = Questionnaire.objects.get()
    assert questionnaire.sent_at is None and questionnaire.failed_at is not None
    assert questionnaires(mailoutbox) == []


def test_it_lets_only_one_worker_send_a_questionnaire(campaign, mailoutbox):
    letter = delivered_letter(campaign)
    due = sent_at(letter) + 14 * DAYS
    questionnaire = services.create_questionnaire(letter, now=due)

    assert services.create_questionnaire(letter, now=due) is None, "one per letter"
    assert services.send_questionnaire(questionnaire.pk, now=due) is True
    assert services.send_questionnaire(questionnaire.pk, now=due) is False
    assert len(questionnaires(mailoutbox)) == 1
    assert Answer.objects.count() == 2


def test_it_never_asks_about_a_staff_test_letter(campaign, editor, mailoutbox):
    from campaigns.services import send_test_letter
    from letters.delivery import send_due

    send_test_letter(campaign, user=editor)
    send_due()
    mail.outbox.clear()

    services.send_due_questionnaires(now=timezone.now() + 14 * DAYS)

    assert not Questionnaire.objects.exists()


def test_it_asks_in_the_letters_language(campaign, mailoutbox):
    letter = delivered_letter(campaign)
    Letter.objects.filter(pk=letter.pk).update(language="fr")

    services.send_due_questionnaires(now=sent_at(letter) + 14 * DAYS)

    [message] = questionnaires(mailoutbox)
    assert message.subject == (
        "Avez-vous reçu une réponse de John McCallum et Ralph Goodale à votre lettre?"
    )
    assert "Avez-vous reçu une réponse de Ralph Goodale?" in message.body
    assert "Pas encore: http://testserver/fr/replies/" in message.body
