"""A real SMTP server on a loopback port that records every message it accepts."""

import email
import socket
import threading
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    recipients: list[str]  # the envelope's RCPT TO addresses
    message: EmailMessage


class SMTPSink:
    """aiosmtpd in a thread. refuse maps an address to the reply its RCPT TO gets."""

    def __init__(self, port: int | None = None, refuse: dict[str, str] | None = None):
        self.port = port or free_port()
        self.refuse = {a.lower(): r for a, r in (refuse or {}).items()}
        self.data_reply = ""  # e.g. "451 4.3.0 Try again later": refuse the message itself
        self.received: list[Received] = []
        self.connections = 0  # sessions greeted: smtplib says EHLO once per connection
        self._lock = threading.Lock()
        self._controller = None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self._lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self) -> "SMTPSink":
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    def count(self) -> int:
        with self._lock:
            return len(self.received)

    def messages(self) -> list[Received]:
        with self._lock:
            return list(self.received)


class HangUp:
    """A mail server that hangs up on every connection at once, counting them."""

    def __init__(self):
        self.connections = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            self.connections += 1
            client.close()

    def __enter__(self) -> "HangUp":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.close()


def smtp_settings(settings, port: int) -> None:
    """Point Django's mail at the sink through the project's SMTP backend."""
    settings.EMAIL_BACKEND = "letters.backends.SMTPBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
