"""An SMTP backend that keeps what Django's throws away: the recipients the
server refused while accepting the message for the others."""

import smtplib
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

    def _send(self, email_message):
        email_message.refused_recipients = {}
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(addr, encoding) for addr in email_message.recipients()]
        message = email_message.message()
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
