"""Building the digest's messages. Pure: no database writes, no sending.

Every message carries a one-click unsubscribe link, in its text and in the
List-Unsubscribe headers (RFC 8058) that mail programs show as a button.
"""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from advocacy.links import absolute_url
from campaigns.identity import identity

from .models import Subscriber
from .tokens import CONFIRM_SALT, UNSUBSCRIBE_SALT, make_token


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = make_token(subscriber, salt=UNSUBSCRIBE_SALT)
    return absolute_url(reverse("digest:unsubscribe", args=[token]))


def confirm_url(subscriber: Subscriber) -> str:
    token = make_token(subscriber, salt=CONFIRM_SALT)
    return absolute_url(reverse("digest:confirm", args=[token]))


def _message(subscriber: Subscriber, name: str, context: dict) -> EmailMultiAlternatives:
    # In the subscriber's language: its words and its links.
    with translation.override(subscriber.language):
        return _build(subscriber, name, context)


def _build(subscriber: Subscriber, name: str, context: dict) -> EmailMultiAlternatives:
    org = identity()
    context = {
        "subscriber": subscriber,
        "unsubscribe_url": unsubscribe_url(subscriber),
        "org": org,
        "org_name": org.short_name,
        **context,
    }
    subject = " ".join(render_to_string(f"digest/email/{name}.subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"digest/email/{name}.txt", context),
        from_email=org.from_address,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"digest/email/{name}.html", context), "text/html")
    message.tags = [f"digest-{name}"]
    return message


def build_confirmation_message(subscriber: Subscriber) -> EmailMultiAlternatives:
    """The double opt-in: a link to click before anything else is sent."""
    return _message(subscriber, "confirm", {"confirm_url": confirm_url(subscriber)})


def build_issue_message(
    subscriber: Subscriber, *, subject: str, text: str, html: str
) -> EmailMultiAlternatives:
    """One issue of the digest, for one confirmed subscriber."""
    return _message(subscriber, "issue", {"subject": subject, "text": text, "html": html})
