"""Erasure takes a supporter's replies and answers with the rest of their data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy import services as privacy_services
from replies import services
from replies.models import Answer, Questionnaire, Reply
from tests.replies.conftest import asked, delivered_letter, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(campaign, minister_goodale, editor):
    questionnaire = asked(delivered_letter(campaign))
    answer = questionnaire.answers.get(target=minister_goodale)
    reply = services.submit_reply(
        answer, text="Your concerns are noted.", publish_consent=True, show_first_name=True
    )
    return services.approve_reply(reply, by=editor)


def test_it_erases_a_supporters_replies_and_answers(client, campaign, published, minister_goodale):
    other = asked(delivered_letter(campaign, email="jo@example.com"))
    services.record_answer(other.answers.first(), choice="no")

    privacy_services.erase_supporter(email="jane@example.com")

    assert not Reply.objects.exists()
    janes = Answer.objects.filter(questionnaire__letter__email=None)
    assert janes.count() == 2 and set(janes.values_list("choice", flat=True)) == {""}
    assert Answer.objects.exclude(choice="").count() == 1, "another supporter's answer stays"
    assert Questionnaire.objects.count() == 2, "that we asked stays counted"
    for page in (
        client.get(campaign.get_absolute_url()),
        client.get(reverse("replies:target", args=[minister_goodale.pk])),
    ):
        assert "Your concerns are noted." not in page_text(page)
        assert "Jane" not in page_text(page)


def test_it_erases_replies_when_the_retention_period_ends(published, settings):
    later = timezone.now() + timedelta(days=round(settings.RETENTION_MONTHS * 31) + 1)

    privacy_services.apply_retention(now=later)

    assert not Reply.objects.exists()
    assert not Answer.objects.exclude(choice="").exists()


def test_it_keeps_staff_posted_public_answers_through_a_supporters_erasure(
    campaign, published, minister_goodale, editor
):
    services.post_public_answer(
        target=minister_goodale, campaign=campaign, kind=Reply.Kind.HOUSE,
        text="A statement.", received_on=timezone.localdate(), by=editor,
    )  # fmt: skip

    privacy_services.erase_supporter(email="jane@example.com")

    assert list(Reply.objects.values_list("text", flat=True)) == ["A statement."]
