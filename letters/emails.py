"""Building the messages a letter becomes. Pure: no database writes, no sending.

The review page and the delivery worker both build their messages here, from the
same letter and the same recipients, so what a supporter reviews is what is sent.
"""

import re
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import Delivery, Letter

PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


def header_safe(value: str) -> str:
    """Collapse every line break and control character: a header value is one line."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())


def fill_placeholders(text: str, letter: Letter, *, target_names: str = "") -> str:
    """Replace {first_name}-style placeholders; unknown ones are left as written.

    A plain substitution rather than str.format: supporters edit the text, and a
    stray brace or a "{0}" must never raise, nor reach an attribute.
    """
    mp = letter.mp
    values = {
        "first_name": letter.first_name or "",
        "last_name": letter.last_name or "",
        "full_name": letter.full_name,
        "postal_code": letter.postal_code or "",
        "city": letter.city or "",
        "target_names": target_names,
        "mp_name": mp.name if mp else "",
        "riding": letter.riding.name if letter.riding_id else "",
    }
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def placeholder_hints() -> dict[str, str]:
    return {
        "first_name": _("[your first name]"),
        "last_name": _("[your last name]"),
        "full_name": _("[your name]"),
        "postal_code": _("[your postal code]"),
        "city": _("[your city]"),
        "mp_name": _("[your MP's name]"),
        "riding": _("[your riding]"),
    }


def describe_placeholders(text: str, *, target_names: str) -> str:
    """The model letter as the campaign page shows it: the targets named, and a
    readable hint where the supporter's details will go."""
    values = {**placeholder_hints(), "target_names": target_names}
    return PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def compose_text(letter: Letter, *, greeting_names: list[str]) -> str:
    """The letter as its recipients read it: greeting, body, signature."""
    names = join_names(greeting_names)
    body = fill_placeholders(letter.body, letter, target_names=names).strip()
    greeting = _("Dear %(names)s,") % {"names": names} if names else ""
    signature_lines = [letter.full_name, letter.city or "", letter.postal_code or ""]
    signature = "\n".join(line for line in signature_lines if line)
    return "\n\n".join(
        part for part in (greeting, body, _("Sincerely,") + "\n" + signature) if part
    )


def compose_subject(letter: Letter) -> str:
    """The subject line, placeholders filled, on one line."""
    return header_safe(fill_placeholders(letter.subject, letter))


def greeting_names_of(recipients: list[Delivery]) -> list[str]:
    """How the letter greets its To recipients, in their order."""
    return [
        d.target.greeting_name if d.target else d.name
        for d in recipients
        if d.kind == Delivery.Kind.TO
    ]


def sender_address(letter: Letter) -> str:
    """From: the organization's address, the supporter's name as display name."""
    display = _("%(name)s via %(org)s") % {"name": letter.full_name, "org": settings.ORG_NAME}
    return formataddr((header_safe(display), settings.DEFAULT_FROM_EMAIL))


def group_deliveries(deliveries: list[Delivery]) -> list[list[Delivery]]:
    """The messages a letter's deliveries make: one to the targets and copy
    addresses, one for the supporter's own copy (empty groups left out)."""
    groups = [
        [d for d in deliveries if d.kind != Delivery.Kind.COPY],
        [d for d in deliveries if d.kind == Delivery.Kind.COPY],
    ]
    return [g for g in groups if g]


def build_letter_message(
    letter: Letter, deliveries: list[Delivery], *, recipients: list[Delivery] | None = None
) -> EmailMultiAlternatives:
    """One message to the given deliveries: To the targets, Cc the copy addresses.

    A supporter's copy is a message of its own, addressed to the supporter only.
    `recipients` are all of the letter's deliveries (for the greeting); they are
    read from the database unless given, as they are for an unsaved letter.
    """
    if recipients is None:
        recipients = list(letter.deliveries.all())
    to = [formataddr((header_safe(d.name), d.address)) for d in deliveries if d.kind != "cc"]
    cc = [d.address for d in deliveries if d.kind == Delivery.Kind.CC]
    text = compose_text(letter, greeting_names=greeting_names_of(recipients))
    subject = compose_subject(letter)
    is_copy = all(d.kind == Delivery.Kind.COPY for d in deliveries)
    context = {"letter": letter, "text": text, "is_copy": is_copy, "site_url": settings.SITE_URL}
    if is_copy:
        subject = header_safe(_("Your letter: %(subject)s") % {"subject": subject})
        text = render_to_string("letters/email/copy.txt", context)
    if letter.is_test:
        subject = "[TEST] " + subject
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender_address(letter),
        to=to,
        cc=cc,
        reply_to=[letter.email] if letter.email and not is_copy else [],
        headers={"X-Letter-ID": str(letter.public_id)},
    )
    message.attach_alternative(render_to_string("letters/email/letter.html", context), "text/html")
    message.tags = [f"campaign-{letter.campaign_id}"]
    message.metadata = {"letter": str(letter.public_id)}
    return message


def build_letter_messages(
    letter: Letter, recipients: list[Delivery]
) -> list[EmailMultiAlternatives]:
    """Every message a letter becomes, for the review page: the same code as the
    worker's, on a letter and recipients that need not be saved."""
    return [
        build_letter_message(letter, group, recipients=recipients)
        for group in group_deliveries(recipients)
    ]
