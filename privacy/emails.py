"""The access email: a link to what the site holds about a supporter. Pure: no
database writes, no sending."""

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from advocacy.links import absolute_url
from advocacy.mail import header_safe
from campaigns.identity import identity
from letters.emails import supporter_headers
from letters.models import Letter

# The report's link carries the letter's link key, signed with the time: it opens the
# report for a week, then a new one is asked from any email's link.
REPORT_SALT = "privacy.report"
REPORT_DAYS = 7


def report_token(letter: Letter) -> str:
    return signing.TimestampSigner(salt=REPORT_SALT).sign(letter.link_key)


def letter_from_report_token(token: str) -> Letter | None:
    """The letter whose writer asked for this report, or None when the link is altered,
    not ours or older than REPORT_DAYS."""
    try:
        key = signing.TimestampSigner(salt=REPORT_SALT).unsign(token, max_age=REPORT_DAYS * 86400)
    except signing.BadSignature:
        return None
    return Letter.objects.filter(link_key=key, email__isnull=False).first()


def report_url(letter: Letter) -> str:
    return absolute_url(reverse("privacy:report", args=[report_token(letter)]))


def build_access_message(letter: Letter) -> EmailMultiAlternatives:
    """The one email with the link to the report, in the letter's language."""
    with translation.override(letter.language):
        context = {
            "report_url": report_url(letter),
            "days": REPORT_DAYS,
            "org": identity(letter.language),
        }
        subject = header_safe(render_to_string("privacy/email/access.subject.txt", context))
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("privacy/email/access.txt", context),
            from_email=context["org"].from_address,
            to=[letter.email],
            headers=supporter_headers(letter),
        )
        message.attach_alternative(
            render_to_string("privacy/email/access.html", context), "text/html"
        )
    message.tags = ["access"]
    return message
