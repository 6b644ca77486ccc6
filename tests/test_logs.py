"""Issue 21: worker and web logs held names, emails, postal codes and erase tokens.
Logs carry ids only; the secrets in links are redacted wherever a path is logged."""

import logging
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from gunicorn.config import Config

from advocacy.gunicorn_log import RedactingLogger
from advocacy.log_filters import redact
from letters import delivery
from letters.models import Delivery, Letter
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db

PERSONAL = ["Jane", "Doe", "jane@example.com", "K1A 0A6", "K1A0A6", "k1a0a6", "Ottawa"]


def links_in(message) -> list[str]:
    return re.findall(r"http://testserver(/\S+?/)(?=\s|$)", message.body)


def test_it_logs_no_personal_data_or_token_through_a_letters_whole_life(
    client, campaign, caplog, django_capture_on_commit_callbacks
):
    """Submit, confirm, deliver (with an SMTP refusal quoting the supporter), a forged
    link and an unknown letter page (404s, whose paths Django logs), the access report,
    unsubscribe, erase."""
    campaign.require_confirmation = True
    campaign.save()
    caplog.set_level(logging.DEBUG)
    secrets = []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("letters:send", args=[campaign.slug]), letter_data(send_copy="on")
        )
    letter = Letter.objects.get()
    secrets += [str(letter.public_id), letter.link_key]
    client.get(response.url)
    (confirmation,) = mail.outbox
    confirm, unsubscribe, erase, access = links_in(confirmation)
    secrets += [link.split("/")[-2] for link in (confirm, unsubscribe, erase, access)]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm)
    assert Delivery.objects.filter(state=Delivery.State.SENT).count() == 4

    # A retry whose SMTP server refuses the copy, quoting the supporter's address.
    copy = letter.deliveries.get(kind=Delivery.Kind.COPY)
    Delivery.objects.filter(pk=copy.pk).update(state=Delivery.State.QUEUED)

    def refuse(*args, **kwargs):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"jane@example.com": (550, b"jane@example.com no")})

    original = mail.EmailMessage.send
    mail.EmailMessage.send = refuse
    try:
        delivery.send_letter(letter.id)
    finally:
        mail.EmailMessage.send = original
    # Staff see why, without the address: the error is kept in clear, the address only sealed.
    last_error = Delivery.objects.get(pk=copy.pk).last_error
    assert "550" in last_error and "jane@example.com" not in last_error

    forged = erase[:-4] + "xyz/"
    assert client.get(forged).status_code == 404
    unknown = reverse("letters:status", args=["00000000-0000-4000-8000-000000000000"])
    assert client.get(unknown).status_code == 404
    # The access report: its link, and a forged one (a 404, logged).
    mail.outbox.clear()
    client.post(access)
    (report,) = links_in(mail.outbox[0])
    secrets.append(report.split("/")[-2])
    assert client.get(report).status_code == 200
    assert client.get(report[:-4] + "xyz/").status_code == 404
    client.post(unsubscribe)
    client.post(erase)
    letter.refresh_from_db()
    assert letter.erased_at is not None
    client.get(reverse("letters:thanks", args=[letter.public_id]))

    logged = "\n".join(record.getMessage() + (record.exc_text or "") for record in caplog.records)
    assert "Not Found" in logged  # the 404s were logged, without their secrets
    assert "Delivery of letter" in logged
    for value in [*PERSONAL, *secrets, forged.split("/")[-2], "00000000-0000-4000-8000"]:
        assert value not in logged, value


@pytest.mark.parametrize(
    "path",
    [
        "/en/privacy/erase/abc:def/",
        "/en/privacy/access/abc:def/",
        "/fr/privacy/report/abc:def:ghi/",
        "/fr/privacy/unsubscribe/abc:def/",
        "/privacy/unsubscribe/abc:def/",
        "/en/letters/confirm/abc:def/",
        "/en/letters/8a9b6c8e-0000-4000-8000-000000000000/thanks/",
        "/en/digest/unsubscribe/abc:def/",
        "/en/replies/abcdef/",
        "/en/preview/abc:def/",
    ],
)
def test_it_redacts_the_secret_of_every_link_in_a_gunicorn_access_line(path):
    logger = RedactingLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path + "?email=jane@example.com",
        "PATH_INFO": path,
        "QUERY_STRING": "email=jane@example.com",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    resp = SimpleNamespace(status="404 Not Found", headers=[], sent=0)

    atoms = logger.atoms(resp, SimpleNamespace(headers=[]), environ, timedelta(seconds=0))

    for key in ("r", "U", "q"):
        assert "abc" not in atoms[key] and "8a9b6c8e" not in atoms[key]
        assert "jane@example.com" not in atoms[key]
    assert atoms["U"].endswith("[…]/") or atoms["U"].endswith("[…]/thanks/")


def test_it_keeps_campaign_addresses_readable_in_logs():
    assert redact("Not Found: /en/campaigns/stop-the-deportation/") == (
        "Not Found: /en/campaigns/stop-the-deportation/"
    )
