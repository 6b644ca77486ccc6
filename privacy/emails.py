"""The access email: a link to what the site holds about a supporter. Pure: no
database writes, no sending (but a link key given, once, to a row stored before them)."""

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from advocacy.links import absolute_url
from advocacy.mail import header_safe
from campaigns.identity import identity
from digest import emails as digest_emails
from digest.models import Subscriber
from digest.tokens import make_token as digest_token
from digest.tokens import subscriber_for
from letters.emails import supporter_headers
from letters.models import Letter

# The report's link carries the letter's link key, signed with the time: it opens the
# report for a week, then a new one is asked from any email's link.
REPORT_SALT = "privacy.report"
REPORT_DAYS = 7
# An address that only reads the News Digest (answered by staff from the admin): the
# link carries its subscription's key instead, under a salt of its own.
DIGEST_REPORT_SALT = "privacy.report.digest"

Holder = Letter | Subscriber


def report_token(holder: Holder) -> str:
    if isinstance(holder, Subscriber):
        return digest_token(holder, salt=DIGEST_REPORT_SALT)
    return signing.TimestampSigner(salt=REPORT_SALT).sign(holder.link_key)


def letter_from_report_token(token: str) -> Letter | None:
    """The letter whose writer asked for this report, or None when the link is altered,
    not ours or older than REPORT_DAYS."""
    try:
        key = signing.TimestampSigner(salt=REPORT_SALT).unsign(token, max_age=REPORT_DAYS * 86400)
    except signing.BadSignature:
        return None
    return Letter.objects.filter(link_key=key, email__isnull=False).first()


def holder_from_report_token(token: str) -> Holder | None:
    """The letter or News Digest subscription a report's link was made for, or None."""
    return letter_from_report_token(token) or subscriber_for(
        token, salt=DIGEST_REPORT_SALT, max_age=REPORT_DAYS * 86400
    )


def report_url(holder: Holder) -> str:
    return absolute_url(reverse("privacy:report", args=[report_token(holder)]))


def _headers(holder: Holder) -> dict[str, str]:
    if isinstance(holder, Subscriber):
        return {
            "List-Unsubscribe": f"<{digest_emails.unsubscribe_url(holder)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return supporter_headers(holder)


def _build(name: str, *, to: str, language: str, context: dict, headers=None):
    with translation.override(language):
        context = {**context, "org": identity(language)}
        subject = header_safe(render_to_string(f"privacy/email/{name}.subject.txt", context))
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"privacy/email/{name}.txt", context),
            from_email=context["org"].from_address,
            to=[to],
            headers=headers or {},
        )
        message.attach_alternative(
            render_to_string(f"privacy/email/{name}.html", context), "text/html"
        )
    message.tags = [name]
    return message


def build_access_message(holder: Holder) -> EmailMultiAlternatives:
    """The one email with the link to the report, in the letter's (or subscription's)
    language."""
    with translation.override(holder.language):
        context = {"report_url": report_url(holder), "days": REPORT_DAYS}
    return _build(
        "access",
        to=holder.email,
        language=holder.language,
        context=context,
        headers=_headers(holder),
    )


def build_nothing_held_message(email: str, *, language: str) -> EmailMultiAlternatives:
    """The answer to an address the site holds nothing about: it says so, and nothing else."""
    return _build("nothing_held", to=email, language=language, context={})
