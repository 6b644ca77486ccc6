"""Logs carry ids, never personal data or capabilities.

The links in supporters' emails are capabilities: whoever has an erase link can
erase, whoever has a letter's page address (its public id) can read the name on
it. Django logs a 404's path ("Not Found: /en/privacy/erase/<token>/"), gunicorn
and nginx log request lines: the path segment after each such prefix is replaced
by "[…]" before anything is written. Email addresses that reach a log line (an
SMTP server's refusal quotes the recipient) are replaced the same way.
"""

import logging
import re

REDACTED = "[…]"

# Every address whose next segment opens something: links in emails (confirm,
# unsubscribe, erase, access report, digest, questionnaires), staff's preview links, and the
# letter pages, whose public id shows the supporter's name.
CAPABILITY_PATH = re.compile(
    r"(?P<keep>/(?:(?:en|fr)/)?"
    r"(?:privacy/erase|privacy/unsubscribe|privacy/access|privacy/report|letters/confirm|digest/confirm|digest/unsubscribe"
    r"|replies|preview|letters)/)"
    r"(?P<secret>[^/\s?\"']+)"
)
EMAIL_ADDRESS = re.compile(r"[^\s<>\"'(),;:@\[\]]+@[^\s<>\"'(),;:@\[\]]+\.[^\s<>\"'(),;:@\[\]]+")


def redact(text: str) -> str:
    """The text with capability path segments and email addresses replaced."""
    text = CAPABILITY_PATH.sub(lambda m: m["keep"] + REDACTED, text)
    return EMAIL_ADDRESS.sub(REDACTED, text)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message (once formatted) without capabilities or addresses.

    Set on the loggers that write request paths (django.request, django.server) so
    every handler, the test's caplog included, sees the redacted record; and on the
    console handler, for records of every other logger."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # The traceback's last line quotes the exception, an SMTP refusal's addresses too.
            record.exc_text = redact(_FORMATTER.formatException(record.exc_info))
        return True


_FORMATTER = logging.Formatter()
