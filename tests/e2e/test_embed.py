"""The embeddable action on a partner's page from another origin: the site runs on
localhost, the partner's page on 127.0.0.2 (another site to the browser, so no cookie
of ours goes into the frame), each with its own Content-Security-Policy."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from letters.models import Letter
from tests.e2e.conftest import DESKTOP, assert_accessible
from tests.processes import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PARTNER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>BCCLA: act with us</title>
<link rel="stylesheet" href="/partner.css"></head>
<body><header>BC Civil Liberties Association</header><main><h1>Act with us</h1>
<p>Our members are writing to the ministers. Add your voice below.</p>
{snippet}
<p>Thank you for standing up for civil liberties.</p></main></body></html>"""


PARTNER_CSS = """body { margin: 0; font-family: Georgia, serif; background: #f4f1ea; }
header { background: #0b3d5c; color: #fff; padding: 1rem 2rem; font-size: 1.4rem; }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 2rem; }
iframe { background: #fff; box-shadow: 0 0 0 1px #c9c2b3; }"""


class PartnerSite:
    """A partner's web page, served from 127.0.0.2 with a strict policy of its own."""

    def __init__(self, html: str, *, allow: str):
        handler = type("Handler", (_PartnerHandler,), {"html": html, "allow": allow})
        self.server = ThreadingHTTPServer(("127.0.0.2", free_port()), handler)
        self.url = f"http://127.0.0.2:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _PartnerHandler(BaseHTTPRequestHandler):
    html = ""
    allow = ""

    def do_GET(self):
        css = self.path == "/partner.css"
        body = (PARTNER_CSS if css else self.html).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/css" if css else "text/html; charset=utf-8")
        # The partner allows its own style, our script and our frame, and nothing inline.
        self.send_header(
            "Content-Security-Policy",
            f"default-src 'none'; style-src 'self'; script-src {self.allow};"
            f" frame-src {self.allow}",
        )
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def violations(page):
    """Every CSP violation on the partner's page or in the frame, as the browser reports
    it: securitypolicyviolation events (in every frame) and its console errors."""
    found: list[str] = []
    page.expose_binding("reportViolation", lambda source, text: found.append(text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "window.reportViolation(location.origin + ': ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if re.search(r"Content.Security.Policy|Refused to", message.text)
            else None
        ),
    )
    return found


def embed_frame(page):
    for frame in page.frames:
        if "/embed" in frame.url:
            return frame
    raise AssertionError(f"no embed frame in {[f.url for f in page.frames]}")


def send_in_frame(page, *, first_name: str, email: str, tick: bool, check_a11y: bool):
    frame = embed_frame(page)
    frame.get_by_label("First name", exact=True).fill(first_name)
    frame.get_by_label("Last name", exact=True).fill("Doe")
    frame.get_by_label("Email", exact=True).fill(email)
    frame.get_by_label("Postal code", exact=True).fill("K1A 0A6")
    frame.get_by_label("City (optional)").fill("Ottawa")
    if tick:
        frame.get_by_label("Yes, share my name, email, postal code and city with BC").check()
    frame.get_by_role("button", name="Review my letter").click()
    frame = embed_frame(page)
    frame.get_by_role("heading", name="Review your letter").wait_for()
    if check_a11y:
        assert_accessible(frame)
    frame.get_by_role("button", name="Send my letter").click()
    frame = embed_frame(page)
    frame.get_by_role("heading", level=1).filter(has_text=f"Thank you, {first_name}").wait_for()
    return frame


def test_it_sends_letters_inside_a_partner_s_page_and_counts_them_for_the_partner(
    page, live_server, campaign, partner, violations
):
    origin = live_server.url
    src = f"{origin}/en/campaigns/{campaign.slug}/embed/?partner=bccla&utm_source=bccla-site"
    snippet = (
        f'<iframe src="{src}&amp;utm_medium=embed" title="{campaign.title}"'
        f' data-advocacy-embed width="100%" height="300"></iframe>\n'
        f'<script src="{origin}/static/js/embed.js" async></script>'
    )
    partner_site = PartnerSite(PARTNER_PAGE.format(snippet=snippet), allow=origin)
    campaign.embed_origins = partner_site.url.rstrip("/")
    campaign.save()
    try:
        page.set_viewport_size(DESKTOP)
        page.goto(partner_site.url)
        frame = embed_frame(page)
        frame.get_by_label("First name").wait_for()
        # Resized to its content by the two scripts, far past the snippet's 300 pixels.
        page.wait_for_function(
            "document.querySelector('iframe').getBoundingClientRect().height > 1000"
        )
        assert_accessible(frame)
        page.screenshot(path=str(SCREENSHOTS / "embed-partner-page.png"))
        full_page = frame.get_by_role("link", name="Open this action in a new tab")
        assert full_page.get_attribute("target") == "_blank"
        assert full_page.get_attribute("href").endswith(
            f"/en/campaigns/{campaign.slug}/?partner=bccla&utm_source=bccla-site&utm_medium=embed"
        )

        frame = send_in_frame(
            page, first_name="Jane", email="jane@example.com", tick=True, check_a11y=True
        )
        assert_accessible(frame)
        status = frame.get_by_role("link", name="See what happens to your letter")
        assert status.get_attribute("target") == "_blank"
        page.goto(partner_site.url)
        send_in_frame(page, first_name="Bob", email="bob@example.com", tick=False, check_a11y=False)

        jane = Letter.objects.of_address("jane@example.com").get()
        assert (jane.partner_slug, jane.embedded) == ("bccla", True)
        assert (jane.utm_source, jane.utm_medium) == ("bccla-site", "embed")
        assert jane.referrer_origin == partner_site.url.rstrip("/")
        assert Letter.objects.of_address("bob@example.com").get().partner_slug == "bccla"
        assert violations == []
    finally:
        partner_site.close()

    staff = User.objects.create_user("pat")
    partner.staff.add(staff)
    client = Client()
    client.force_login(staff)
    export = client.get(reverse("partners:export", args=[partner.slug]))
    text = b"".join(export.streaming_content).decode()
    assert "jane@example.com" in text
    assert "bob@example.com" not in text
