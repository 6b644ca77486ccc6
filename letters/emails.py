"""Building the messages a letter becomes. Pure: no database writes, no sending.

The review page and the delivery worker both build their messages here, from the
same letter and the same recipients, so what a supporter reviews is what is sent.
"""

import contextlib
import copy
import functools
import secrets
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from advocacy.links import absolute_url
from advocacy.mail import header_safe
from campaigns import placeholders
from campaigns.identity import Identity, identity

from .models import Delivery, Letter


def fill_placeholders(text: str, letter: Letter, *, target_names: str = "") -> str:
    """Replace {first_name}-style placeholders with the letter's details; an empty one
    (an optional city) leaves no gap, and its [bracketed words] go with it."""
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
    return placeholders.fill(text, values)


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
    values = {**placeholder_hints(), "target_names": target_names or _("[the people it goes to]")}
    return placeholders.fill(text, values)


def join_names(names: list[str]) -> str:
    # Greetings said once: two ministers both "Monsieur le Ministre" are greeted once.
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def compose_text(letter: Letter, *, greeting_names: list[str], with_address: bool = True) -> str:
    """The letter as its recipients read it: greeting, body, signature.

    The street address, when the supporter gave one, signs the letter its
    recipients read; with_address=False gives the supporter's own copy, which
    they may forward to friends.
    """
    names = join_names(greeting_names)
    body = fill_placeholders(letter.body, letter, target_names=names).strip()
    greeting = _("Dear %(names)s,") % {"names": names} if names else ""
    signature_lines = [
        letter.full_name,
        letter.street_address if with_address else "",
        letter.city or "",
        letter.postal_code or "",
    ]
    signature = "\n".join(line for line in signature_lines if line)
    return "\n\n".join(
        part for part in (greeting, body, _("Sincerely,") + "\n" + signature) if part
    )


# Between the versions of a bilingual letter.
VERSION_SEPARATOR = "\n\n* * *\n\n"


def letter_versions(letter: Letter, recipients: list[Delivery]) -> list[Letter]:
    """The letter as its targets read it: the supporter's, then, for a model letter
    sent bilingual and left unedited, its version in each other language that one of
    its targets prefers (or may: a target whose language is not known). The versions
    are unsaved copies of the letter with that language's subject and body."""
    if letter.edited or letter.template_id is None or not letter.template.send_bilingual:
        return [letter]
    template = letter.template
    preferred = {
        d.target.language if d.target else "" for d in recipients if d.kind == Delivery.Kind.TO
    }
    versions = [letter]
    for code in template.languages_written():
        if code != letter.language and (code in preferred or "" in preferred):
            version = copy.copy(letter)
            version.language = code
            version.subject, version.body = template.text_in(code)
            versions.append(version)
    return versions


def compose_letter(
    letter: Letter, recipients: list[Delivery], *, with_address: bool = True
) -> tuple[str, list[tuple]]:
    """The subject and the text of a letter to its targets, each version in its own
    language (greeting, salutations and signature included): the subject joins the
    versions' subjects, and the parts are (language, text) pairs, in order."""
    subjects, parts = [], []
    for version in letter_versions(letter, recipients):
        with _language(version.language):
            subjects.append(compose_subject(version))
            parts.append(
                (
                    version.language,
                    compose_text(
                        version,
                        greeting_names=greeting_names_of(recipients),
                        with_address=with_address,
                    ),
                )
            )
    return header_safe(" / ".join(dict.fromkeys(subjects))), parts


def _language(code: str):
    """translation.override(), unless the language is already active (the worker's
    own, for most letters; the letter's, for its own version while its message is built)."""
    if code == translation.get_language():
        return contextlib.nullcontext()
    return translation.override(code)


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


def sender_address(letter: Letter, *, org: Identity | None = None) -> str:
    """From: the organization's address, the supporter's name as display name."""
    org = org or identity(letter.language)
    display = _("%(name)s via %(org)s") % {"name": letter.full_name, "org": org.short_name}
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
    letter: Letter,
    deliveries: list[Delivery],
    *,
    recipients: list[Delivery] | None = None,
    org: Identity | None = None,
) -> EmailMultiAlternatives:
    """One message to the given deliveries: To the targets, Cc the copy addresses.

    A supporter's copy is a message of its own, addressed to the supporter only.
    `recipients` are all of the letter's deliveries (for the greeting); they are
    read from the database unless given, as they are for an unsaved letter. `org`:
    the organization in the letter's language, when the caller has read it already.
    """
    if recipients is None:
        recipients = list(letter.deliveries.all())
    # The letter's language throughout: its words, and the links to its pages.
    with _language(letter.language):
        org = org or identity(letter.language)
        return _build_letter_message(letter, deliveries, recipients=recipients, org=org)


def _build_letter_message(
    letter: Letter, deliveries: list[Delivery], *, recipients: list[Delivery], org: Identity
) -> EmailMultiAlternatives:
    to = [formataddr((header_safe(d.name), d.address)) for d in deliveries if d.kind != "cc"]
    cc = [d.address for d in deliveries if d.kind == Delivery.Kind.CC]
    # A staff test letter goes to staff only, but reads as its targets will read it.
    is_copy = not letter.is_test and all(d.kind == Delivery.Kind.COPY for d in deliveries)
    if letter.is_test:
        targets, shown_cc = test_letter_recipients(letter)
        recipients = [
            Delivery(kind=Delivery.Kind.TO, target=t, name=t.name, address=t.email) for t in targets
        ]
    subject, parts = compose_letter(letter, recipients, with_address=not is_copy)
    text = VERSION_SEPARATOR.join(part for _language, part in parts)
    context = {
        "letter": letter,
        "text": text,
        "parts": parts,
        "is_copy": is_copy,
    }
    if is_copy:
        subject = header_safe(_("Your letter: %(subject)s") % {"subject": subject})
        context |= supporter_links(letter) | {"org": org}
        text = render_to_string("letters/email/copy.txt", context)
    if letter.is_test:
        subject = header_safe(_("[TEST] %(subject)s") % {"subject": subject})
        context |= {
            "shown_to": [f"{t.name} <{t.email}>" for t in targets],
            "shown_cc": shown_cc,
        }
        text = render_to_string("letters/email/test.txt", context)
        context["parts"] = [(letter.language, text)]
    ref = letter.mail_ref
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender_address(letter, org=org),
        to=to,
        cc=cc,
        reply_to=[letter.email] if letter.email and not is_copy else [],
        # An opaque reference: the public id would open the letter's pages to its readers.
        headers={"X-Letter-Ref": ref} | (supporter_headers(letter) if is_copy else {}),
    )
    html = (
        letter_html(letter, parts)
        if not is_copy and not letter.is_test
        else render_to_string("letters/email/letter.html", context)
    )
    message.attach_alternative(html, "text/html")
    message.language_parts = parts  # the review page marks each version's language
    message.tags = [f"campaign-{letter.campaign_id}"]
    message.metadata = {"letter": ref}
    return message


def letter_html(letter: Letter, parts: list[tuple]) -> str:
    """letters/email/letter.html for a letter to its recipients (not a copy, not a test):
    rendered once per process for each language and versions' languages, each version's
    text put in its place, escaped by the template's own filter. Rendered for every
    message, the template took a sixth of a worker's time composing."""
    codes = tuple(code for code, _text in parts)
    pieces = _letter_html_pieces(letter.language, translation.get_language(), codes)
    if pieces is None:
        context = {"letter": letter, "parts": parts, "is_copy": False}
        return render_to_string("letters/email/letter.html", context)
    html = [pieces[0]]
    for (_code, text), piece in zip(parts, pieces[1:], strict=True):
        html += [linebreaks(text, autoescape=True), piece]  # the template's |linebreaks
    return mark_safe("".join(html))  # noqa: S308 - the template's output, the texts escaped


# Stands for a version's text while the template is rendered once; random, so that no
# letter's text holds it.
_TEXT_MARK = f"TEXT{secrets.token_hex(16)}"


@functools.cache
def _letter_html_pieces(language: str, active: str, codes: tuple[str, ...]) -> tuple | None:
    """The template's output around each version's text, for letters in this language
    whose versions are in these languages; None if the template does not show each
    text once (then it is rendered for each message)."""
    marks = [f"{_TEXT_MARK}{n}" for n in range(len(codes))]
    context = {
        "letter": Letter(language=language),
        "parts": list(zip(codes, marks, strict=True)),
        "is_copy": False,
    }
    with translation.override(active):
        rest = render_to_string("letters/email/letter.html", context)
    pieces = []
    for mark in marks:
        found = rest.split(linebreaks(mark, autoescape=True))
        if len(found) != 2 or _TEXT_MARK in found[0]:
            return None
        pieces.append(found[0])
        rest = found[1]
    return None if _TEXT_MARK in rest else (*pieces, rest)


def test_letter_recipients(letter: Letter) -> tuple[list, list[str]]:
    """Whom a staff test letter shows it would reach: the model letter's targets, the
    sample MP, and its Cc addresses."""
    template = letter.template
    targets = list(template.targets.all()) if template else []
    if letter.mp and letter.mp not in targets:
        targets.append(letter.mp)
    return targets, template.cc_list if template else []


def build_letter_messages(
    letter: Letter, recipients: list[Delivery]
) -> list[EmailMultiAlternatives]:
    """Every message a letter becomes, for the review page: the same code as the
    worker's, on a letter and recipients that need not be saved."""
    return [
        build_letter_message(letter, group, recipients=recipients)
        for group in group_deliveries(recipients)
    ]


def readable_address(value: str) -> str:
    """An address as a person reads it: "Jean-François Côté via ICLMG <letters@…>",
    not the encoded words (=?utf-8?q?…?=) that carry its accents in the message."""
    name, address = parseaddr(value)
    if not address:
        return value
    name = str(make_header(decode_header(name))) if name else ""
    return f"{name} <{address}>" if name else address


@dataclass(frozen=True)
class ShownMessage:
    """A message as the review page shows it: headers decoded, and its text."""

    from_email: str
    to: list[str]
    cc: list[str]
    reply_to: list[str]
    subject: str
    body: str
    parts: list[tuple[str, str]]  # the letter's versions: (language, text)


def shown_message(message: EmailMultiAlternatives) -> ShownMessage:
    return ShownMessage(
        from_email=readable_address(message.from_email),
        to=[readable_address(a) for a in message.to],
        cc=[readable_address(a) for a in message.cc],
        reply_to=[readable_address(a) for a in message.reply_to],
        subject=message.subject,
        body=message.body,
        parts=getattr(message, "language_parts", []),
    )


def supporter_headers(letter: Letter) -> dict[str, str]:
    """What every email to a supporter carries: a one-click unsubscribe (RFC 8058)."""
    from .signed_links import unsubscribe_url

    return {
        "List-Unsubscribe": f"<{unsubscribe_url(letter)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def supporter_links(letter: Letter) -> dict[str, str]:
    from .signed_links import access_url, erase_url, unsubscribe_url

    return {
        "status_url": absolute_url(letter.get_absolute_url()),
        "unsubscribe_url": unsubscribe_url(letter),
        "erase_url": erase_url(letter),
        "access_url": access_url(letter),
    }


def build_confirmation_message(letter: Letter) -> EmailMultiAlternatives:
    """The email that asks a supporter to confirm their letter by a click, in its language."""
    with translation.override(letter.language):
        return _build_confirmation_message(letter)


def _build_confirmation_message(letter: Letter) -> EmailMultiAlternatives:
    from .signed_links import confirm_url

    context = {
        "letter": letter,
        "campaign": letter.campaign,
        "confirm_url": confirm_url(letter),
        **supporter_links(letter),
        "hours": settings.LETTER_CONFIRMATION_HOURS,
        "org": identity(letter.language),
    }
    subject = header_safe(render_to_string("letters/email/confirm.subject.txt", context))
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("letters/email/confirm.txt", context),
        from_email=context["org"].from_address,
        to=[letter.email],
        headers={"X-Letter-Ref": letter.mail_ref, **supporter_headers(letter)},
    )
    message.attach_alternative(render_to_string("letters/email/confirm.html", context), "text/html")
    message.tags = ["confirmation"]
    return message
