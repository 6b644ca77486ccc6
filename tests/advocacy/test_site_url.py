"""One public address, SITE_URL, in every absolute link the site builds; in development
it follows PORT. Each test reads what a person gets (an email, a page, a PDF, a feed)
and finds every link to the site on the public address, never the host a request
came in on ("testserver" here) nor another port."""

import io
import re
import subprocess
import sys
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from campaigns.models import Campaign
from campaigns.preview import preview_url
from digest import services as digest_services
from digest.models import Subscriber
from letters.models import Letter
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db

PUBLIC = "http://127.0.0.1:8101"
OURS = {"127.0.0.1", "localhost", "testserver", "::1"}
URL = re.compile(r"https?://[^\s\"'<>]+")


def links_to_the_site(text: str) -> list[str]:
    """Every address of this site in the text, those inside share links' queries too."""
    found = []
    for _ in range(3):  # a share link carries the page's address URL-encoded
        found += [u for u in URL.findall(text) if urlsplit(u).hostname in OURS]
        text = unquote(text)
    return found


def assert_all_public(links: list[str], *, at_least: int) -> None:
    assert len(set(links)) >= at_least, links
    wrong = [u for u in links if not u.startswith(PUBLIC + "/")]
    assert wrong == []


@pytest.fixture(autouse=True)
def public_address(settings):
    settings.SITE_URL = PUBLIC


def message_text(message) -> str:
    parts = [message.body, *(content for content, _type in getattr(message, "alternatives", []))]
    return "\n".join([*parts, *message.extra_headers.values()])


def test_it_follows_port_in_development_unless_the_address_is_set():
    def site_url(**env) -> str:
        code = "import django; django.setup(); from django.conf import settings; "
        code += "print(settings.SITE_URL)"
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "advocacy.settings"} | env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert site_url(DEBUG="1", PORT="8101", SITE_URL="") == "http://127.0.0.1:8101"
    assert site_url(DEBUG="1", SITE_URL="", PORT="8000") == "http://127.0.0.1:8000"
    public = site_url(DEBUG="1", PORT="8101", SITE_URL="https://action.example.org/")
    assert public == "https://action.example.org"


def test_it_links_the_supporters_copy_to_the_public_address(
    client, campaign, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:send", args=[campaign.slug]), letter_data(send_copy="on"))

    [copy] = [m for m in mail.outbox if m.to == ["Jane Doe <jane@example.com>"]]
    text = message_text(copy)
    links = links_to_the_site(text)
    assert_all_public(links, at_least=3)  # status, unsubscribe, erase
    letter = Letter.objects.get()
    assert f"{PUBLIC}{letter.get_absolute_url()}" in links
    assert f"<{PUBLIC}/" in copy.extra_headers["List-Unsubscribe"]


def test_it_links_the_confirmation_email_to_the_public_address(
    client, campaign, django_capture_on_commit_callbacks
):
    Campaign.objects.filter(pk=campaign.pk).update(require_confirmation=True)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("letters:send", args=[campaign.slug]), letter_data())

    [confirmation] = mail.outbox
    assert_all_public(links_to_the_site(message_text(confirmation)), at_least=3)


def test_it_links_the_digests_emails_to_the_public_address(
    client, django_capture_on_commit_callbacks, tmp_path
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("digest:signup"), {"email": "reader@example.com", "consent": "on"})
    [confirmation] = mail.outbox
    assert_all_public(links_to_the_site(message_text(confirmation)), at_least=2)

    Subscriber.objects.update(status=Subscriber.Status.CONFIRMED)
    mail.outbox.clear()
    digest_services.send_issue(subject="News Digest", text="This week.", html="<p>This week.</p>")
    [issue] = mail.outbox
    assert_all_public(links_to_the_site(message_text(issue)), at_least=1)
    assert f"<{PUBLIC}/" in issue.extra_headers["List-Unsubscribe"]


def test_it_puts_the_public_address_in_the_share_box(client, campaign):
    response = client.post(reverse("letters:send", args=[campaign.slug]), letter_data())
    thanks = client.get(response.url).content.decode()

    links = links_to_the_site(thanks)
    assert_all_public(links, at_least=1)
    code = Letter.objects.get().referral_code
    assert f"{PUBLIC}{campaign.get_absolute_url()}?ref={code}" in links


def test_it_puts_the_public_address_in_meta_tags_and_alternates(client, campaign):
    page = client.get(campaign.get_absolute_url()).content.decode()
    head = page[: page.index("</head>")]

    links = links_to_the_site(head)
    assert_all_public(links, at_least=2)
    assert f'property="og:url" content="{PUBLIC}{campaign.get_absolute_url()}"' in head


def test_it_puts_the_public_address_in_the_feed(client, campaign):
    feed = client.get(reverse("campaigns:feed")).content.decode()

    links = links_to_the_site(feed)
    assert_all_public(links, at_least=3)  # the feed, the site, the campaign
    assert f"{PUBLIC}{campaign.get_absolute_url()}" in links


def test_it_prints_the_public_address_on_the_statement_and_its_pdf(client, statement):
    printed = client.get(reverse("campaigns:statement_print", args=[statement.slug]))
    assert_all_public(links_to_the_site(printed.content.decode()), at_least=1)

    pdf = client.get(reverse("campaigns:statement_pdf", args=[statement.slug])).content
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert f"{PUBLIC}{statement.get_absolute_url()}" in text.replace("\n", "")


def test_it_gives_preview_links_on_the_public_address(client, editor, draft_campaign):
    assert preview_url(draft_campaign).startswith(PUBLIC + "/")

    client.force_login(editor)
    change = reverse("admin:campaigns_campaign_change", args=[draft_campaign.pk])
    html = client.get(change).content.decode()
    assert_all_public(links_to_the_site(html), at_least=1)


def test_it_links_staff_notices_to_the_public_address(
    client, statement, settings, django_capture_on_commit_callbacks
):
    settings.MANAGERS = [("Staff", "staff@iclmg.example")]
    data = {
        "name": "Ligue des droits et libertés",
        "contact_name": "Marie Tremblay",
        "contact_email": "marie@liguedesdroits.example",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("campaigns:cosign", args=[statement.slug]), data)

    [notice] = mail.outbox
    assert_all_public(links_to_the_site(message_text(notice)), at_least=1)
