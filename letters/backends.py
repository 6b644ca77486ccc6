"""An SMTP backend that keeps what Django's throws away: the recipients the
server refused while accepting the message for the others."""

import functools
import secrets
import smtplib
from email.policy import Compat32
from email.utils import parseaddr

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.message import sanitize_address


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
        message = email_message.message()
        message.policy = FOLDING_REMEMBERED
        if message.is_multipart():
            # Python otherwise makes one up and compiles a regular expression to check it
            # against the text, message after message; 128 random bits never occur in it.
            message.set_boundary(f"==============={secrets.token_hex(16)}==")
        try:
            refused = self.connection.sendmail(
                from_email, recipients, message.as_bytes(linesep="\r\n")
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


# smtplib parses every envelope address again for each message (quoteaddr); the
# targets' are the same letter after letter.
_quoted = functools.lru_cache(maxsize=4096)(smtplib.quoteaddr)


class _RememberedRecipients:
    def rcpt(self, recip, options=()):
        """smtplib's RCPT, with the address's parse remembered."""
        optionlist = " " + " ".join(options) if options and self.does_esmtp else ""
        self.putcmd("rcpt", f"TO:{_quoted(recip)}{optionlist}")
        return self.getreply()


class _SMTP(_RememberedRecipients, smtplib.SMTP):
    pass


class _SMTP_SSL(_RememberedRecipients, smtplib.SMTP_SSL):  # noqa: N801 - smtplib's name
    pass
