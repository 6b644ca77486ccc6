"""Links that leave the site: compose a letter in the supporter's own mail, share a
campaign. Plain URLs, properly encoded; no third-party script is ever loaded."""

from email.utils import getaddresses
from urllib.parse import quote, urlencode

from django.core.mail import EmailMessage
from django.utils.translation import gettext as _


def _addresses(values: list[str]) -> list[str]:
    """Bare addresses: mailto and the webmail compose forms take no display names."""
    return [address for _name, address in getaddresses(values) if address]


def _crlf(text: str) -> str:
    # RFC 6068: line breaks in a mailto body are CRLF.
    return "\r\n".join(text.splitlines())


def compose_links(message: EmailMessage) -> dict[str, str]:
    """mailto, Gmail and Outlook links that open the message ready to send."""
    to = ",".join(_addresses(message.to))
    cc = ",".join(_addresses(message.cc))
    subject, body = message.subject, message.body
    mailto_query = [("subject", subject), ("body", _crlf(body))]
    if cc:
        mailto_query.insert(0, ("cc", cc))
    mailto = "mailto:" + quote(to, safe="@,") + "?" + urlencode(mailto_query, quote_via=quote)
    gmail = "https://mail.google.com/mail/?" + urlencode(
        {"view": "cm", "fs": "1", "to": to, "cc": cc, "su": subject, "body": body},
        quote_via=quote,
    )
    outlook = "https://outlook.live.com/mail/0/deeplink/compose?" + urlencode(
        {"to": to, "cc": cc, "subject": subject, "body": body}, quote_via=quote
    )
    return {"mailto": mailto, "gmail": gmail, "outlook": outlook}


def share_links(*, url: str, title: str) -> list[dict[str, str]]:
    """Where a supporter can pass a campaign on, each as a plain link."""
    text = _("I just wrote to act on this: %(title)s") % {"title": title}
    return [
        {
            "name": _("Share by email"),
            "url": "mailto:?"
            + urlencode({"subject": title, "body": f"{text}\r\n\r\n{url}"}, quote_via=quote),
        },
        {
            "name": _("Share on Facebook"),
            "url": "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url}),
        },
        {
            "name": _("Share on X"),
            "url": "https://x.com/intent/post?"
            + urlencode({"text": text, "url": url}, quote_via=quote),
        },
        {
            "name": _("Share on Bluesky"),
            "url": "https://bsky.app/intent/compose?"
            + urlencode({"text": f"{text} {url}"}, quote_via=quote),
        },
        {
            "name": _("Share on WhatsApp"),
            "url": "https://wa.me/?" + urlencode({"text": f"{text} {url}"}, quote_via=quote),
        },
    ]
