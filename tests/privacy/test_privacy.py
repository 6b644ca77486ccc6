"""Privacy promises: erasure by a link in the supporter's copy, unsubscribe from every
email, retention applied by a scheduled task, and a page that says all this."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from letters.models import Delivery, Letter
from privacy import services
from privacy.tasks import apply_retention
from reports.tallies import fold_counts
from tests.conftest import letter_data, make_letter

pytestmark = pytest.mark.django_db


def link(message, path: str) -> str:
    return re.search(rf"http://testserver(/en/privacy/{path}/[^/\s]+/)", message.body).group(1)


@pytest.fixture
def copy_message(client, campaign, django_capture_on_commit_callbacks):
    """Jane's letter, written with a copy to herself: the copy is the message returned."""
    data = letter_data(
        send_copy="on",
        news_opt_in="on",
        body="I am Jane Doe of K1A 0A6 (jane@example.com), and I ask you to act.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:send", args=[campaign.slug]), data)
    return next(m for m in mail.outbox if m.to == ["Jane Doe <jane@example.com>"])


def test_it_puts_unsubscribe_and_erase_links_in_every_email_to_a_supporter(copy_message):
    assert "/privacy/unsubscribe/" in copy_message.body
    assert "/privacy/erase/" in copy_message.body
    assert copy_message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/en/privacy/unsubscribe/"
    )
    html = copy_message.alternatives[0][0]
    assert "/privacy/unsubscribe/" in html and "/privacy/erase/" in html
    assert "jane@example.com" not in link(copy_message, "erase"), "no address in the link"


def test_it_puts_no_supporter_links_in_the_targets_message(copy_message):
    to_targets = next(m for m in mail.outbox if m is not copy_message)
    assert "/privacy/" not in to_targets.body
    assert "List-Unsubscribe" not in to_targets.extra_headers


def test_it_erases_a_supporter_after_a_confirmation_page(client, campaign, copy_message):
    url = link(copy_message, "erase")
    page = client.get(url)
    assert b"This cannot be undone." in page.content
    assert Letter.objects.get().email == "jane@example.com", "a GET erases nothing"

    response = client.post(url)

    assert b"Your personal data is erased" in response.content
    letter = Letter.objects.get()
    assert (letter.first_name, letter.last_name, letter.email, letter.postal_code) == (
        None, None, None, None,
    )  # fmt: skip
    assert letter.erased_at is not None and letter.ip_hash == "" and not letter.news_opt_in
    assert "Jane" not in letter.body and "K1A 0A6" not in letter.body
    assert "jane@example.com" not in letter.body
    assert letter.body == "I am […] of […] ([…]), and I ask you to act."
    assert not any("jane" in d.address for d in Delivery.objects.all())
    fold_counts()
    campaign.refresh_from_db()
    assert campaign.letter_count == 1, "letters already sent stay counted"
    assert letter.state == Letter.State.ACCEPTED
    # The link again: nothing left to erase, said plainly.
    assert b"Your personal data is erased" in client.post(url).content


def test_it_erases_every_letter_of_that_email_and_only_those(campaign, closed_campaign):
    make_letter(campaign)
    other = make_letter(campaign, email="someone@example.com", first_name="Sam")
    older = Letter.objects.of_address("jane@example.com").get()

    assert services.erase_supporter(email="JANE@example.com") == 1

    older.refresh_from_db()
    other.refresh_from_db()
    assert older.email is None
    assert other.email == "someone@example.com" and other.first_name == "Sam"


def test_it_erases_the_street_address_and_scrubs_it_from_the_letter(campaign):
    letter = make_letter(
        campaign, street_address="12 Elm Street", body="My home at 12 Elm Street is near."
    )

    services.erase_supporter(email="jane@example.com")

    letter.refresh_from_db()
    assert (letter.street_address, letter.city) == ("", "")
    assert letter.body == "My home at […] is near."


def test_it_cancels_what_was_not_yet_sent_to_an_erased_supporter(campaign):
    letter = make_letter(campaign)  # on_commit never ran: the deliveries are still queued
    services.erase_supporter(email="jane@example.com")
    states = set(letter.deliveries.values_list("state", flat=True))
    assert states == {Delivery.State.FAILED}


def test_it_unsubscribes_with_a_page_and_a_button(client, copy_message):
    url = link(copy_message, "unsubscribe")
    assert b"Unsubscribe" in client.get(url).content
    assert Letter.objects.get().news_opt_in

    response = client.post(url)

    assert b"You are unsubscribed" in response.content
    letter = Letter.objects.get()
    assert not letter.news_opt_in
    assert letter.email == "jane@example.com", "unsubscribing is not erasure"


def test_it_unsubscribes_in_one_click_from_a_mail_client_without_a_csrf_token(copy_message):
    url = link(copy_message, "unsubscribe")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Letter.objects.get().news_opt_in


def test_it_refuses_a_forged_link(client, copy_message):
    erase = link(copy_message, "erase")
    token = erase.split("/")[-2]
    for url in [
        reverse("privacy:erase", args=[token[:-2] + "zz"]),
        reverse("privacy:unsubscribe", args=[token]),  # an erase token is no unsubscribe token
    ]:
        response = client.post(url)
        assert response.status_code == 404
        assert b"This link does not work" in response.content
    assert Letter.objects.get().email == "jane@example.com"


def test_it_records_the_consent_to_news_with_its_wording_and_time(copy_message):
    from digest.models import Subscriber

    subscriber = Subscriber.objects.of_address("jane@example.com").get()
    assert subscriber.consent_text == "Yes, send me news from ICLMG."
    assert subscriber.consented_at is not None


def written_ago(days: int, letter: Letter) -> Letter:
    Letter.objects.filter(pk=letter.pk).update(created_at=timezone.now() - timedelta(days=days))
    return letter


def test_it_erases_old_supporters_who_did_not_opt_in_by_the_retention_task(campaign, settings):
    settings.RETENTION_MONTHS = 24
    start = timezone.now()
    old = written_ago(800, make_letter(campaign, email="old@example.com"))
    kept = written_ago(800, make_letter(campaign, email="news@example.com", news_opt_in=True))
    recent = written_ago(700, make_letter(campaign, email="recent@example.com"))
    fold_counts()
    campaign.refresh_from_db()
    count = campaign.letter_count

    with time_machine.travel(start, tick=False):
        assert apply_retention.delay().get() == 1
        assert apply_retention.delay().get() == 0, "running twice erases nothing more"

    old.refresh_from_db(), kept.refresh_from_db(), recent.refresh_from_db()
    assert old.email is None and old.erased_at is not None
    assert kept.email == "news@example.com"
    assert recent.email == "recent@example.com"
    fold_counts()
    campaign.refresh_from_db()
    assert campaign.letter_count == count


def test_it_applies_retention_once_a_supporter_unsubscribes(campaign, settings):
    settings.RETENTION_MONTHS = 1
    letter = written_ago(60, make_letter(campaign, news_opt_in=True))
    assert services.apply_retention() == 0
    services.unsubscribe(email="jane@example.com")
    assert services.apply_retention() == 1
    letter.refresh_from_db()
    assert letter.email is None


def test_it_says_on_the_privacy_page_what_is_kept_sent_and_for_how_long(
    client, settings, django_assert_max_num_queries
):
    settings.RETENTION_MONTHS = 18
    # One query: the campaigns in minimal-data mode, with their windows.
    with django_assert_max_num_queries(1):
        response = client.get(reverse("privacy:page"))

    page = response.content.decode()
    for words in [
        "What we keep when you write a letter",
        "What the minister or MP receives",
        "erased 18 months after your letter",
        "No one. We sell nothing and share nothing.",
        "Not your IP address",
        "it receives the postal code only",
    ]:
        assert words in page
    assert 'href="/en/privacy/"' in client.get(reverse("campaigns:home")).content.decode()


def test_it_carries_erasure_and_unsubscribing_to_the_news_digest(client, copy_message):
    from digest.models import Subscriber

    client.post(link(copy_message, "unsubscribe"))
    assert Subscriber.objects.of_address("jane@example.com").get().status == "unsubscribed"

    client.post(link(copy_message, "erase"))
    assert not Subscriber.objects.of_address("jane@example.com").exists()


def test_it_keeps_a_confirmed_digest_subscriber_through_retention(campaign, settings):
    from digest.models import Subscriber

    settings.RETENTION_MONTHS = 1
    letter = written_ago(60, make_letter(campaign))
    Subscriber.objects.create(
        email="jane@example.com",
        status="confirmed",
        consent_text="Yes",
        consented_at=timezone.now(),
    )
    assert services.apply_retention() == 0
    Subscriber.objects.update(status="unsubscribed")
    assert services.apply_retention() == 1
    letter.refresh_from_db()
    assert letter.email is None


def test_it_keeps_the_link_pages_within_their_query_budget(
    client, copy_message, django_assert_max_num_queries
):
    for path in ("erase", "unsubscribe"):
        with django_assert_max_num_queries(2):
            assert client.get(link(copy_message, path)).status_code == 200
