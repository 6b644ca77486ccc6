"""Rules that hold a letter for staff review instead of sending it. Pure: no writes.

Nearly identical letters are a campaign, not abuse. What is held is a letter
that looks written in someone else's name or from a target's own office.
"""

import re

from django.conf import settings
from django.utils.translation import gettext as _

from campaigns.models import LetterTemplate, Target

POSTAL_CODE_IN_TEXT = re.compile(r"\b([A-Z]\d[A-Z])\s?(\d[A-Z]\d)\b", re.IGNORECASE)
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Domains anyone can have an address on: a minister on one does not make its users suspect.
PUBLIC_MAIL_DOMAINS = {
    "gmail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com", "yahoo.ca",
    "icloud.com", "me.com", "protonmail.com", "proton.me", "videotron.ca", "sympatico.ca",
}  # fmt: skip


def postal_codes_in(text: str) -> set[str]:
    return {f"{a} {b}".upper() for a, b in POSTAL_CODE_IN_TEXT.findall(text or "")}


def hold_reason_for(
    *,
    email: str,
    postal_code: str,
    subject: str,
    body: str,
    template: LetterTemplate,
    targets: list[Target],
) -> str:
    """Why this letter should wait for staff review, or "" to send it."""
    email = (email or "").lower()
    domain = email.rpartition("@")[2]
    target_emails = {t.email.lower() for t in targets if t.email}
    target_domains = {a.rpartition("@")[2] for a in target_emails} - PUBLIC_MAIL_DOMAINS
    if email in target_emails:
        return _("The supporter's email is a target's own address.")
    if domain in target_domains or domain in settings.HOLD_DOMAINS:
        return _("The supporter writes from a target's domain (%(domain)s).") % {"domain": domain}
    text = f"{subject}\n{body}"
    if target_emails & {a.lower() for a in EMAIL_IN_TEXT.findall(text)}:
        return _("The letter contains a target's own email address.")
    # Codes the campaign itself wrote (a ministry's office, say) are not a supporter's.
    known = postal_codes_in(f"{template.subject}\n{template.body}")
    for target in targets:
        known |= postal_codes_in(target.postal_address)
    others = postal_codes_in(text) - known - {(postal_code or "").upper()}
    if others:
        return _("The letter contains another postal code (%(codes)s).") % {
            "codes": ", ".join(sorted(others))
        }
    return ""
