"""Public pages show Campaign.letter_count, a counter the letter services keep;
these tests hold it to the letters themselves."""

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from letters.models import Letter
from reports.figures import signed_letters
from reports.services import recount_letters
from tests.conftest import letter_data, make_letter

pytestmark = pytest.mark.django_db


def counted(campaign) -> int:
    return signed_letters().filter(campaign=campaign).count()


def test_it_counts_each_letter_sent_through_the_form(client, campaign):
    url = reverse("letters:send", args=[campaign.slug])
    client.post(url, letter_data())
    client.post(url, letter_data(email="paul@example.com"))
    client.post(url, letter_data())  # the same supporter again: refused, not counted

    campaign.refresh_from_db()
    assert campaign.letter_count == counted(campaign) == 2
    assert campaign.last_letter_at == Letter.objects.latest("created_at").created_at


def test_it_leaves_test_letters_out_of_the_counter(campaign):
    make_letter(campaign, email="staff@iclmg.example", is_test=True)

    campaign.refresh_from_db()
    assert campaign.letter_count == counted(campaign) == 0


def test_it_counts_letters_sent_from_the_supporters_own_mail(campaign):
    from letters.services import record_own_client_letter

    make_letter(campaign)
    data = letter_data(email="paul@example.com", postal_code="H2X 1Y4")
    record_own_client_letter(campaign, template=campaign.letter_templates.first(), **data)

    campaign.refresh_from_db()
    assert campaign.letter_count == counted(campaign) == 2
    assert Letter.objects.filter(state=Letter.State.OWN_CLIENT).count() == 1
    assert recount_letters() == []


def test_it_keeps_the_count_when_a_supporter_is_erased(campaign):
    letter = make_letter(campaign)
    Letter.objects.filter(pk=letter.pk).update(
        email=None, first_name=None, last_name=None, postal_code=None
    )

    campaign.refresh_from_db()
    assert campaign.letter_count == counted(campaign) == 1
    assert recount_letters() == []


def test_it_recounts_from_the_letters(report_data):
    Campaign.objects.update(letter_count=0, last_letter_at=None)

    fixed = recount_letters()

    assert [(c.slug, old, new) for c, old, new in fixed] == [
        ("stop-the-deportation", 0, 4),
        ("repeal-c51", 0, 2),
    ]
    a = Campaign.objects.get(slug="stop-the-deportation")
    assert a.letter_count == 4
    assert a.last_letter_at == signed_letters().filter(campaign=a).latest("created_at").created_at


def test_it_finds_nothing_to_fix_when_the_counters_are_right(report_data):
    assert recount_letters() == []


def test_it_counts_nothing_for_a_campaign_without_letters(draft_campaign):
    Campaign.objects.filter(pk=draft_campaign.pk).update(letter_count=5)

    recount_letters()

    draft_campaign.refresh_from_db()
    assert draft_campaign.letter_count == 0
