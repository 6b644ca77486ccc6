import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from digest import services
from digest.models import Subscriber
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db


def link_in(message, name: str) -> str:
    return re.search(rf"http://testserver(/en/digest/{name}/[^/\s]+/)", message.body).group(1)


def sign_up(client, django_capture_on_commit_callbacks, **overrides):
    data = {"email": "Reader@Example.com", "name": "Ada Reader", "consent": "on", **overrides}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("digest:signup"), data)


def test_it_signs_up_as_pending_and_emails_a_confirmation_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("digest:sent")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.consent_text.startswith("Yes, send me the weekly News Digest")
    assert subscriber.consented_at is not None
    assert subscriber.source == "signup"
    [message] = mailoutbox
    assert message.to == ["reader@example.com"]
    assert message.subject == "Confirm your subscription to the ICLMG News Digest"
    assert "Hello Ada Reader," in message.body
    assert "/digest/confirm/" in message.body
    assert "/digest/unsubscribe/" in message.body
    html = message.alternatives[0][0]
    assert "Yes, subscribe me" in html and "Unsubscribe in one click" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://testserver/en/digest/unsub"
    )


def test_it_needs_consent_and_a_valid_email(client, mailoutbox, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, consent="", email="nope")

    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    assert "Enter a valid email address." in html
    assert not Subscriber.objects.exists()
    assert mailoutbox == []


def test_it_confirms_by_the_link_s_button_and_only_then(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    assert Subscriber.objects.confirmed().count() == 0

    response = client.post(link_in(mailoutbox[0], "confirm"))

    assert response.status_code == 200
    assert "You're subscribed" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None


def test_it_changes_nothing_when_a_link_scanner_opens_the_confirmation_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0], "confirm")

    response = client.get(link)
    client.head(link)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Confirm your subscription" in html
    assert '<form method="post">' in html and "Yes, subscribe me</button>" in html
    assert "You're subscribed" not in html
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmed_at is None


def test_it_needs_the_page_s_csrf_token_to_confirm(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    browser = client.__class__(enforce_csrf_checks=True)
    link = link_in(mailoutbox[0], "confirm")

    forged = browser.post(link)
    page = browser.get(link)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    confirmed = browser.post(link, {"csrfmiddlewaretoken": token})

    assert forged.status_code == 403
    assert confirmed.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_it_shows_a_confirmed_subscriber_the_same_answer_again(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0], "confirm")
    client.post(link)
    confirmed_at = Subscriber.objects.get().confirmed_at

    again = client.get(link)

    assert "You're subscribed" in again.content.decode()
    assert Subscriber.objects.get().confirmed_at == confirmed_at


def test_it_refuses_a_forged_or_expired_confirmation(
    client, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    sign_up(client, django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0], "confirm")

    assert client.get(link[:-3] + "xx/").status_code == 400
    time_machine.move_to(timezone.now() + timedelta(days=15))
    assert client.get(link).status_code == 400
    assert client.post(link).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_it_unsubscribes_in_one_click_without_login(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    client.post(link_in(mailoutbox[0], "confirm"))

    response = client.get(link_in(mailoutbox[0], "unsubscribe"))

    assert response.status_code == 200
    assert "You're unsubscribed" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    # A confirmation link clicked later does not bring them back.
    assert client.post(link_in(mailoutbox[0], "confirm")).status_code == 400


def test_it_answers_a_mail_programs_one_click_post(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    client_csrf = client.__class__(enforce_csrf_checks=True)

    response = client_csrf.post(
        link_in(mailoutbox[0], "unsubscribe"), {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_it_asks_a_returning_subscriber_to_confirm_again(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    client.get(link_in(mailoutbox[0], "unsubscribe"))

    sign_up(client, django_capture_on_commit_callbacks)

    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert len(mailoutbox) == 2


def test_it_sends_no_second_email_to_a_confirmed_subscriber(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    client.post(link_in(mailoutbox[0], "confirm"))

    sign_up(client, django_capture_on_commit_callbacks)

    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert len(mailoutbox) == 1


def test_it_feeds_the_list_from_the_letter_forms_opt_in(
    client, campaign, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("letters:send", args=[campaign.slug]),
            letter_data(news_opt_in="on", email="opt@example.com"),
        )
        client.post(
            reverse("letters:send", args=[campaign.slug]),
            letter_data(email="no-opt@example.com"),
        )

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "opt@example.com"
    assert subscriber.name == "Jane Doe"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.source == f"letter:{campaign.slug}"
    assert subscriber.consent_text == "Yes, send me news from ICLMG."
    assert [m.to for m in mailoutbox if "News Digest" in m.subject] == [["opt@example.com"]]


def test_it_puts_the_unsubscribe_link_in_every_issue(mailoutbox, db):
    confirmed = Subscriber.objects.create(
        email="a@example.com",
        status="confirmed",
        consent_text="yes",
        consented_at="2026-01-01T00:00Z",
    )
    Subscriber.objects.create(
        email="b@example.com",
        status="pending",
        consent_text="yes",
        consented_at="2026-01-01T00:00Z",
    )

    sent = services.send_issue(
        subject="News Digest, week 48", text="The news.", html="<p>The news.</p>"
    )

    assert sent == 1
    [message] = mailoutbox
    assert message.to == [confirmed.email]
    assert message.subject == "News Digest, week 48"
    assert "Unsubscribe in one click: http://testserver/en/digest/unsubscribe/" in message.body
    assert "Unsubscribe in one click" in message.alternatives[0][0]


def test_it_keeps_the_signup_page_within_its_query_budget(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(reverse("digest:signup")).status_code == 200


def test_it_sends_an_issue_from_the_command_line(mailoutbox, db, tmp_path):
    from django.core.management import call_command

    Subscriber.objects.create(
        email="a@example.com",
        status="confirmed",
        consent_text="y",
        consented_at="2026-01-01T00:00Z",
    )
    (tmp_path / "issue.txt").write_text("This week.", encoding="utf-8")
    (tmp_path / "issue.html").write_text("<p>This week.</p><script>x()</script>", encoding="utf-8")

    call_command(
        "send_digest",
        "--subject=Digest",
        f"--text={tmp_path / 'issue.txt'}",
        f"--html={tmp_path / 'issue.html'}",
        stdout=None,
    )

    [message] = mailoutbox
    assert message.body.startswith("This week.")
    assert "<p>This week.</p>" in message.alternatives[0][0]
    assert "<script>" not in message.alternatives[0][0]


def test_it_sends_at_most_one_confirmation_per_ten_minutes(
    client, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(timezone.now())
    sign_up(client, django_capture_on_commit_callbacks)
    sign_up(client, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1

    time_machine.move_to(timezone.now() + timedelta(minutes=11))
    sign_up(client, django_capture_on_commit_callbacks)

    assert len(mailoutbox) == 2
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_it_feeds_the_list_from_a_letter_sent_from_the_supporters_own_mail(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("letters:own_client", args=[campaign.slug]),
            letter_data(news_opt_in="on", email="own@example.com"),
        )

    subscriber = Subscriber.objects.get()
    assert subscriber.email == "own@example.com"
    assert subscriber.status == Subscriber.Status.PENDING
