"""An SMTP backend that keeps what Django's throws away: the recipients the
server refused while accepting the message for the others."""

import functools
import io
import re
import secrets
import smtplib
from email.generator import BytesGenerator
from email.policy import Compat32
from email.utils import formatdate, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.message import (
    RFC5322_EMAIL_LINE_LENGTH_LIMIT,
    SafeMIMEText,
    forbid_multi_line_headers,
    sanitize_address,
)
from django.core.mail.utils import DNS_NAME


class SMTPBackend(DjangoSMTPBackend):
    """Django's SMTP backend, recording partial refusals on the message.

    smtplib's sendmail() returns {address: (code, reply)} for each recipient
    refused when at least one was accepted; Django discards that dict, so a
    refused Cc would be recorded as sent. We keep it as message.refused_recipients.
    """

    @property
    def connection_class(self):
        return _SMTP_SSL if self.use_ssl else _SMTP

    def _send(self, email_message):
        email_message.refused_recipients = {}
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        # The envelope takes the bare addresses (smtplib drops display names there):
        # the same few, the targets', for letter after letter.
        from_email = envelope_address(parseaddr(email_message.from_email)[1], encoding)
        recipients = [envelope_address(addr, encoding) for addr in email_message.recipients()]
        # Python otherwise makes a boundary up and compiles a regular expression to check
        # it against the text, message after message; 128 random bits never occur in it.
        boundary = f"==============={secrets.token_hex(16)}=="
        try:
            refused = self.connection.sendmail(
                from_email, recipients, message_bytes(email_message, boundary=boundary)
            )
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        email_message.refused_recipients = {
            parseaddr(address)[1].lower(): (
                code,
                reply.decode(errors="replace") if isinstance(reply, bytes) else reply,
            )
            for address, (code, reply) in (refused or {}).items()
        }
        return True


@functools.lru_cache(maxsize=4096)
def envelope_address(address: str, encoding: str) -> str:
    """Django's checked and IDNA-encoded form of an address, remembered."""
    return sanitize_address(address, encoding)


class _RememberedFolding(Compat32):
    """The email package's own header folding (compat32, as Django's messages use),
    remembered: letter after letter carries the same To, Cc and Subject, and folding
    them is most of the time it takes to write a message out."""

    _folded: dict = {}

    def fold_binary(self, name, value):
        if not isinstance(value, str):
            return super().fold_binary(name, value)
        key = (self.linesep, self.max_line_length, self.cte_type, name, value)
        folded = self._folded.get(key)
        if folded is None:
            if len(self._folded) > 10_000:
                self._folded.clear()
            folded = self._folded[key] = super().fold_binary(name, value)
        return folded


FOLDING_REMEMBERED = _RememberedFolding()
_FOLDING = FOLDING_REMEMBERED.clone(linesep="\r\n")


def message_bytes(email_message: EmailMessage, *, boundary: str) -> bytes:
    """The message as it goes on the wire: Django's message() written out by the email
    package (CRLF, the given MIME boundary), byte for byte; a letter the quick way."""
    try:
        data = letter_bytes(email_message, boundary=boundary)
    except Exception:  # noqa: BLE001 - Django's way below says (raises) what is wrong
        data = None
    return data or django_message_bytes(email_message, boundary=boundary)


def letter_bytes(email_message: EmailMessage, *, boundary: str) -> bytes | None:
    """The bytes of django_message_bytes() for a letter (a text body and its HTML,
    nothing attached), written directly; None for any other message.

    Django's MIME objects and the email package's generator took a third of a worker's
    time a message. The header values still pass through Django's own check and
    encoding (forbid_multi_line_headers: no line break gets into a header) and the
    email package's folding.
    """
    if not _is_plain_letter(email_message):
        return None
    m = email_message
    nl = b"\r\n"
    headers = [("Subject", m.subject), ("From", m.from_email)]
    for name, values in (("To", m.to), ("Cc", m.cc), ("Reply-To", m.reply_to)):
        if values:
            headers.append((name, ", ".join(str(v) for v in values)))
    named = {name.lower() for name in m.extra_headers}
    if "date" not in named:
        headers.append(("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)))
    if "message-id" not in named:
        headers.append(("Message-ID", make_msgid(domain=DNS_NAME)))
    headers += m.extra_headers.items()
    delimiter = b"--" + boundary.encode("ascii")
    out = [_multipart_head(boundary), _fold("MIME-Version", "1.0")]
    out += [_fold(*_checked(name, value)) for name, value in headers]
    out += [nl, delimiter, nl, _text_part(m.body, "plain"), nl, delimiter, nl]
    out += [_text_part(m.alternatives[0].content, "html"), nl, delimiter, b"--", nl]
    return b"".join(out)


def django_message_bytes(email_message: EmailMessage, *, boundary: str) -> bytes:
    """The same bytes through Django's MIME objects and the email package's generator."""
    message = email_message.message()
    message.policy = FOLDING_REMEMBERED
    if message.is_multipart():
        message.set_boundary(boundary)
    return message.as_bytes(linesep="\r\n")


# The headers Django's message() takes from the message's attributes, not extra_headers.
_OWN_HEADERS = frozenset({"from", "to", "cc", "reply-to"})


def _is_plain_letter(email_message) -> bool:
    cls = type(email_message)
    return (
        cls.message is EmailMessage.message
        and cls._create_message is EmailMultiAlternatives._create_message
        and cls._create_alternatives is EmailMultiAlternatives._create_alternatives
        and cls.content_subtype == "plain"
        and cls.alternative_subtype == "alternative"
        and (email_message.encoding or settings.DEFAULT_CHARSET) == "utf-8"
        and not email_message.attachments
        and len(email_message.alternatives) == 1
        and email_message.alternatives[0].mimetype == "text/html"
        and isinstance(email_message.alternatives[0].content, str)
        and isinstance(email_message.body, str)
        and bool(email_message.body)
        and not any(name.lower() in _OWN_HEADERS for name in email_message.extra_headers)
    )


_checked_values: dict = {}
_REPEATED = frozenset({"Subject", "To", "Cc"})  # the same letter after letter


def _checked(name: str, value) -> tuple[str, str]:
    """Django's check and encoding of a header value (forbid_multi_line_headers); for
    the values a campaign's letters share, remembered (the subject's encoding is the
    costly part)."""
    if name not in _REPEATED:
        return forbid_multi_line_headers(name, value, "utf-8")
    key = (name, value)
    done = _checked_values.get(key)
    if done is None:
        done = forbid_multi_line_headers(name, value, "utf-8")
        if len(_checked_values) > 10_000:
            _checked_values.clear()
        _checked_values[key] = done
    return done


# A value the folding leaves as it is: printable ASCII words, one space between them, on
# a line of at most 78 characters (the date, the message id, most senders).
_AS_IS = re.compile(r"[!-~]+(?: [!-~]+)*")


def _fold(name: str, value: str) -> bytes:
    if len(name) + 2 + len(value) <= _FOLDING.max_line_length and _AS_IS.fullmatch(value):
        return f"{name}: {value}\r\n".encode("ascii")
    return _FOLDING.fold_binary(name, value)


# Folding depends on the lengths only: the boundary is always 15 "=", 32 hex digits, "==".
_SAMPLE_BOUNDARY = "=" * 15 + "0" * 32 + "=="


@functools.cache
def _multipart_head_sample() -> bytes:
    return _FOLDING.fold_binary(
        "Content-Type", f'multipart/alternative; boundary="{_SAMPLE_BOUNDARY}"'
    )


def _multipart_head(boundary: str) -> bytes:
    if len(boundary) != len(_SAMPLE_BOUNDARY):
        raise ValueError("a boundary of another length folds differently")
    return _multipart_head_sample().replace(_SAMPLE_BOUNDARY.encode(), boundary.encode("ascii"))


@functools.cache
def _part_head(subtype: str, transfer_encoding: str) -> bytes:
    return b"".join(
        [
            _fold("Content-Type", f'text/{subtype}; charset="utf-8"'),
            _fold("MIME-Version", "1.0"),
            _fold("Content-Transfer-Encoding", transfer_encoding),
            b"\r\n",
        ]
    )


_LINE_END = re.compile(r"\r\n|\r|\n")  # the email package's, in Generator._write_lines


def _text_part(text: str, subtype: str) -> bytes:
    """A SafeMIMEText part as the generator writes it: UTF-8 sent as 7bit or 8bit."""
    if any(
        len(line.encode(errors="surrogateescape")) > RFC5322_EMAIL_LINE_LENGTH_LIMIT
        for line in text.splitlines()
    ):
        # A paragraph longer than a line may be: Django sends the part quoted-printable.
        out = io.BytesIO()
        part = SafeMIMEText(text, subtype, "utf-8")
        BytesGenerator(out, mangle_from_=False, policy=_FOLDING).flatten(part, linesep="\r\n")
        return out.getvalue()
    data = _LINE_END.sub("\r\n", text).encode("utf-8")
    return _part_head(subtype, "7bit" if data.isascii() else "8bit") + data


# smtplib parses every envelope address again for each message (quoteaddr); the
# sender's and the targets' are the same letter after letter.
_quoted = functools.lru_cache(maxsize=4096)(smtplib.quoteaddr)


class _RememberedAddresses:
    def mail(self, sender, options=()):
        """smtplib's MAIL, with the sender's parse remembered."""
        optionlist = ""
        if options and self.does_esmtp:
            if any(x.lower() == "smtputf8" for x in options):
                if not self.has_extn("smtputf8"):
                    raise smtplib.SMTPNotSupportedError("SMTPUTF8 not supported by server")
                self.command_encoding = "utf-8"
            optionlist = " " + " ".join(options)
        self.putcmd("mail", f"FROM:{_quoted(sender)}{optionlist}")
        return self.getreply()

    def rcpt(self, recip, options=()):
        """smtplib's RCPT, with the address's parse remembered."""
        optionlist = " " + " ".join(options) if options and self.does_esmtp else ""
        self.putcmd("rcpt", f"TO:{_quoted(recip)}{optionlist}")
        return self.getreply()


class _SMTP(_RememberedAddresses, smtplib.SMTP):
    pass


class _SMTP_SSL(_RememberedAddresses, smtplib.SMTP_SSL):  # noqa: N801 - smtplib's name
    pass
