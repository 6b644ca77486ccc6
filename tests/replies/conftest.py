"""Letters that reached their targets, and the questionnaire that follows them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from letters import delivery as letter_delivery
from letters.models import Delivery
from replies import services
from replies.models import Questionnaire
from tests.conftest import make_letter

DAYS = timedelta(days=1)


def delivered_letter(campaign, **overrides):
    """A letter sent now to its targets (the outbox or whatever EMAIL_BACKEND is)."""
    letter = make_letter(campaign, **overrides)
    letter_delivery.send_letter(letter.id)
    assert set(letter.deliveries.values_list("state", flat=True)) == {Delivery.State.SENT}
    return letter


def asked(letter, *, now=None) -> Questionnaire:
    """The letter's questionnaire, sent: the clock moved past the campaign's delay."""
    now = now or timezone.now() + timedelta(days=letter.campaign.reply_check_days)
    services.send_due_questionnaires(now=now)
    return Questionnaire.objects.get(letter=letter, sent_at__isnull=False)


def page_text(response) -> str:
    """What a reader sees of a page: tags dropped, entities decoded, spaces collapsed."""
    from html import unescape

    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def answer_links(text: str) -> list[str]:
    """The questionnaire page's addresses in an email, in order."""
    return re.findall(r"http://testserver(/[a-z]{2}/replies/[^\s\"<>]+)", text)


@pytest.fixture
def token():
    """The token of a questionnaire's link, as the email carries it."""
    from replies.links import make_token

    return make_token
