"""In a real browser: the Content-Security-Policy blocks nothing of ours, and the
honeypot stays out of a person's sight and tab order."""

import contextlib

import pytest

from letters.models import Letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_sends_a_letter_under_the_strict_policy_with_no_violation(page, campaign):
    violations, console_errors = [], []
    page.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__csp = (window.__csp || []).concat(e.violatedDirective));"
    )
    page.goto(f"/campaigns/{campaign.slug}/")
    violations += page.evaluate("window.__csp || []")
    assert page.locator("link[rel=stylesheet]").count() >= 1
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background, "our own stylesheet applies"

    honeypot = page.locator("input[name=website]")
    assert not honeypot.is_visible() or honeypot.bounding_box()["x"] < -1000
    assert honeypot.get_attribute("tabindex") == "-1"

    page.get_by_label("First name").fill("Jane")
    page.get_by_label("Last name").fill("Doe")
    page.get_by_label("Email").fill("jane@example.com")
    page.get_by_label("Postal code").fill("K1A 0A6")
    page.get_by_role("button", name="Review my letter").click()
    page.get_by_role("button", name="Send my letter").click()
    page.wait_for_url("**/thanks/")
    violations += page.evaluate("window.__csp || []")

    assert violations == []
    assert not [e for e in console_errors if "Content Security Policy" in e]
    assert Letter.objects.get().first_name == "Jane"


def test_it_makes_the_browser_refuse_inline_script_on_our_pages(page, campaign):
    """The control for the test above: the policy is really enforced."""
    page.goto(f"/campaigns/{campaign.slug}/")
    with contextlib.suppress(Exception):  # Playwright reports the blocked tag as an error
        page.add_script_tag(content="window.__inline = 1")
    assert page.evaluate("window.__inline === undefined")
