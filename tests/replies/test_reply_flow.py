"""The whole way from a letter to the response wall: the clock moved 14 days, the
questionnaire in a real SMTP server, a button press, moderation, publication."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from letters import delivery as letter_delivery
from replies import tasks
from replies.models import Answer, Reply
from tests.conftest import make_letter, make_letter_campaign, make_staff
from tests.letters.smtp_sink import SMTPSink, smtp_settings
from tests.replies.conftest import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink(settings):
    sink = SMTPSink().start()
    smtp_settings(settings, sink.port)
    yield sink
    sink.stop()


def questionnaires(sink):
    return [r for r in sink.messages() if r.message["X-Questionnaire-ID"]]


def test_it_asks_once_after_14_days_and_publishes_the_approved_reply(
    client, sink, minister_goodale, minister_mccallum
):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False) as clock:
        campaign = make_letter_campaign(minister_goodale, minister_mccallum)
        make_letter(campaign, first_name="Jane", email="jane@example.com")
        assert letter_delivery.send_due() == 3  # both ministers and the Cc, in one message
        letter_messages = sink.count()

        clock.shift(timedelta(days=13, hours=23))
        tasks.send_questionnaires()
        assert questionnaires(sink) == [], "not before the campaign's 14 days"

        clock.shift(timedelta(hours=2))
        tasks.send_questionnaires()
        tasks.send_questionnaires()
        call_command("deliver", "--loop", "--passes", "1", "--interval", "0")

        [received] = questionnaires(sink)
        assert sink.count() == letter_messages + 1
        assert received.recipients == ["jane@example.com"]
        email = received.message
        assert email["To"] == "Jane Doe <jane@example.com>"
        assert email["Subject"] == "Did John McCallum and Ralph Goodale reply to your letter?"
        assert "/privacy/unsubscribe/" in email["List-Unsubscribe"]
        text = email.get_body(("plain",)).get_content()
        assert "Did Ralph Goodale reply?" in text and "Did John McCallum reply?" in text
        goodale = Answer.objects.get(target=minister_goodale)
        yes_link = next(
            u
            for u in re.findall(r"http://testserver(/en/replies/\S+)", text)
            if f"q={goodale.pk}&choice=yes" in u
        )

        # A mail scanner (or the supporter) opening the link records nothing.
        page = client.get(yes_link)
        assert page.status_code == 200
        assert "no-store" in page["Cache-Control"]
        assert b"Did Ralph Goodale reply?" in page.content
        goodale.refresh_from_db()
        assert goodale.choice == ""

        path = yes_link.split("?")[0]
        response = client.post(path, {"question": goodale.pk, "choice": "yes"})
        assert response.status_code == 302
        goodale.refresh_from_db()
        assert goodale.choice == Answer.Choice.YES

        page = client.get(response["Location"])
        assert b"Would you share their reply?" in page.content
        client.post(
            path,
            {
                "question": goodale.pk,
                f"r{goodale.pk}-text": (
                    "Dear Jane Doe,\n\nThank you for writing. We are reviewing the file.\n\n"
                    "Your case worker, Sam, is at 613-555-0142."
                ),
                f"r{goodale.pk}-publish_consent": "on",
                f"r{goodale.pk}-show_first_name": "on",
            },
        )
        reply = Reply.objects.get()
        assert reply.state == Reply.State.PENDING
        assert reply.text.startswith("Dear […],\n\nThank you"), "her name taken out at once"
        assert (
            "Thank you for writing" not in client.get(campaign.get_absolute_url()).content.decode()
        )

        # An Editor edits out what else is personal (a phone number), then publishes it.
        client.force_login(make_staff("edith", "Editors"))
        change = reverse("admin:replies_reply_change", args=[reply.pk])
        assert "613-555-0142" in client.get(change).content.decode()
        edited = client.post(
            change,
            {
                "received_on": reply.received_on.isoformat(),
                "url": "",
                "text": "Dear […],\n\nThank you for writing. We are reviewing the file.",
            },
        )
        assert edited.status_code == 302
        client.post(
            reverse("admin:replies_reply_changelist"),
            {"action": "approve_selected", "_selected_action": [reply.pk]},
        )
        reply.refresh_from_db()
        assert reply.state == Reply.State.APPROVED
        client.logout()

        campaign_page = page_text(client.get(campaign.get_absolute_url()))
        wall = campaign_page[campaign_page.index("Who answers") :]
        assert "Thank you for writing. We are reviewing the file." in wall
        assert "shared by Jane" in wall
        assert "Ralph Goodale 1 1 1 100% (1 of 1 supporter who answered)" in wall
        assert "John McCallum 1 1 0 no answer yet" in wall

        target_page = page_text(client.get(reverse("replies:target", args=[minister_goodale.pk])))
        assert "Thank you for writing. We are reviewing the file." in target_page
        assert (
            "Letters delivered 1 Supporters asked 1 Replies reported 1 "
            "Reply rate 100% (1 of 1 supporter who answered)"
        ) in target_page

        clock.shift(timedelta(days=30))
        tasks.send_questionnaires()
        assert len(questionnaires(sink)) == 1, "never twice"
