"""Public pages show Campaign.letter_count and own_mail_count, folded in every few
seconds by reports.tallies; these tests hold them to the letters themselves."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from campaigns.models import Campaign
from letters.models import Letter
from reports.figures import signed_letters
from reports.models import LetterTally
from reports.services import recount_letters
from reports.tallies import fold_counts
from tests.conftest import letter_data, make_letter

pytestmark = pytest.mark.django_db


def counted(campaign) -> int:
    return signed_letters().filter(campaign=campaign).count()


def test_it_counts_each_letter_sent_through_the_form_at_the_next_fold(client, campaign):
    url = reverse("letters:send", args=[campaign.slug])
    client.post(url, letter_data())
    client.post(url, letter_data(email="paul@example.com"))
    client.post(url, letter_data())  # the same supporter again: refused, not counted

    campaign.refresh_from_db()
    assert campaign.letter_count == 0  # storing a letter touches no counter row
    assert fold_counts() == 2
    campaign.refresh_from_db()
    assert campaign.letter_count == counted(campaign) == 2
    assert campaign.last_letter_at == Letter.objects.latest("created_at").created_at
    assert fold_counts() == 0  # each letter is counted once


def test_it_leaves_test_letters_out_of_the_counter(campaign):
    make_letter(campaign, email="staff@iclmg.example", is_test=True)

    fold_counts()
    campaign.refresh_from_db()
    assert campaign.letter_count == counted(campaign) == 0


def test_it_counts_letters_sent_from_the_supporters_own_mail_apart(campaign):
    from letters.services import record_own_client_letter

    make_letter(campaign)
    data = letter_data(email="paul@example.com", postal_code="H2X 1Y4")
    record_own_client_letter(campaign, template=campaign.letter_templates.first(), **data)

    fold_counts()
    campaign.refresh_from_db()
    assert campaign.letter_count == counted(campaign) == 2
    assert (campaign.sent_count, campaign.own_mail_count) == (1, 1)
    assert recount_letters() == []


def test_it_shows_letters_sent_and_own_mail_letters_apart_everywhere(client, campaign):
    from letters.services import record_own_client_letter

    make_letter(campaign)
    template = campaign.letter_templates.first()
    for i in range(2):
        data = letter_data(email=f"own{i}@example.com", postal_code="H2X 1Y4")
        record_own_client_letter(campaign, template=template, **data)
    fold_counts()
    honest = "1 letter sent · 2 sent from supporters&#x27; own email"

    assert honest in client.get(reverse("campaigns:home")).content.decode()
    assert honest in client.get(campaign.get_absolute_url()).content.decode()
    live = client.get(reverse("campaigns:count", args=[campaign.slug])).json()
    assert (live["count"], live["sent"], live["own_mail"]) == (3, 1, 2)
    assert live["counts_label"] == "1 letter sent · 2 sent from supporters' own email"
    api = client.get(reverse("api:campaign-counts")).json()["campaigns"][0]
    assert (api["count"], api["sent"], api["own_mail"]) == (3, 1, 2)


def test_it_counts_a_new_letter_on_its_thank_you_page_before_the_fold(client, campaign):
    response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    page = client.get(response.url).content.decode()

    assert "You are the first to write." in page
    assert "1 letter sent" in page


def test_it_keeps_the_count_when_a_supporter_is_erased(campaign):
    letter = make_letter(campaign)
    fold_counts()
    Letter.objects.filter(pk=letter.pk).update(
        email=None, first_name=None, last_name=None, postal_code=None
    )

    fold_counts()
    campaign.refresh_from_db()
    assert campaign.letter_count == counted(campaign) == 1
    assert recount_letters() == []


@pytest.mark.django_db(transaction=True)
def test_it_counts_a_letter_whose_transaction_commits_after_a_fold(postgres, campaign):
    """A fold never sees an uncommitted letter, and the next one counts it: no window
    in which a letter is stored but never counted."""
    stored, fold_done = threading.Event(), threading.Event()

    def slow_submission():
        from django.db import transaction

        try:
            with transaction.atomic():
                make_letter(campaign, email="slow@example.com")
                stored.set()
                fold_done.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_submission)
    thread.start()
    assert stored.wait(timeout=10)
    assert fold_counts() == 0
    fold_done.set()
    thread.join(timeout=10)

    assert fold_counts() == 1
    campaign.refresh_from_db()
    assert campaign.letter_count == 1


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


def test_it_rebuilds_the_report_tallies_that_drifted(report_data):
    LetterTally.objects.filter(campaign=report_data["a"]).update(letters=99)

    recount_letters()

    assert sum(t.letters for t in LetterTally.objects.filter(campaign=report_data["a"])) == 4


def test_it_finds_nothing_to_fix_when_the_counters_are_right(report_data):
    assert recount_letters() == []


def test_it_counts_nothing_for_a_campaign_without_letters(draft_campaign):
    Campaign.objects.filter(pk=draft_campaign.pk).update(letter_count=5)

    recount_letters()

    draft_campaign.refresh_from_db()
    assert draft_campaign.letter_count == 0


def test_it_folds_counts_in_the_embedded_loop(campaign):
    """Without Redis there is no beat: the delivery loop runs the fold itself."""
    make_letter(campaign)

    call_command("deliver", "--loop", "--passes", "1", "--interval", "0")

    campaign.refresh_from_db()
    assert campaign.letter_count == 1
