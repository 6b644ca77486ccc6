"""Delivery: letters sent by a real Celery worker to a local SMTP server (aiosmtpd),
against a bare smtplib loop sending the same messages over one reused connection.
Both rates are read from the SMTP server's own clock, first message to last."""

import contextlib
import os
import re
import signal
import smtplib
import socket
import subprocess
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
WORKER_CONCURRENCY = 4  # as in docker-compose.yml
BASELINE_MESSAGES = 1000
GIVE_UP_AFTER = 300  # seconds without the queue draining


LETTER_REF = re.compile(rb"^X-Letter-Ref: *([0-9a-f]+)", re.M | re.I)


class Inbox:
    """An SMTP server that accepts everything and notes when each message arrived and
    which letter it carried (its X-Letter-Ref header)."""

    def __init__(self):
        self.arrivals: list[float] = []
        self.refs: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.arrivals.append(time.monotonic())
        found = LETTER_REF.search(envelope.original_content or envelope.content or b"")
        self.refs.append(found.group(1) if found else b"")
        return "250 OK"

    def rate(self) -> float:
        if len(self.arrivals) < 2:
            return 0.0
        return (len(self.arrivals) - 1) / (self.arrivals[-1] - self.arrivals[0])


def measure(*, env: dict, loaded: dict, out: Path, row, profile: bool = False) -> tuple:
    """Returns the result row and how many messages the worker delivered."""
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        baseline = _bare_loop(port, inbox, loaded)
        print(f"  bare smtplib loop: {baseline:,.0f} messages/s", flush=True)
        inbox.arrivals.clear()
        left = _worker_drains_queue(port, env, loaded, out, profile=profile)
        ours = inbox.rate()
        print(
            f"  Celery worker ({WORKER_CONCURRENCY} processes): {ours:,.0f} messages/s, "
            f"{len(inbox.arrivals)} messages, {left} deliveries left unfinished",
            flush=True,
        )
    finally:
        controller.stop()
    ratio = ours / baseline if baseline else 0.0
    result = row(
        "Delivery (messages/s)",
        f"{baseline:,.0f} bare smtplib",
        f"{ours:,.0f} Celery worker",
        ratio,
        ">= 0.7x",
        ratio >= 0.7,
    )
    return result, len(inbox.arrivals)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bare_loop(port: int, inbox: Inbox, loaded: dict) -> float:
    """The same kind of message, built beforehand, sent back to back on one connection."""
    from letters.emails import build_letter_message
    from letters.models import Letter

    letters = (
        # Letters whose deliveries exist (the submissions' newest may still await them).
        Letter.objects.filter(campaign_id=loaded["viral_id"], awaiting_deliveries=False)
        .prefetch_related("deliveries__target")
        .select_related("campaign")[:BASELINE_MESSAGES]
    )
    messages = []
    for letter in letters:
        message = build_letter_message(letter, list(letter.deliveries.all()))
        messages.append(
            (message.from_email, message.recipients(), message.message().as_bytes(linesep="\r\n"))
        )
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for sender, recipients, data in messages:
            smtp.sendmail(sender, recipients, data)
    return inbox.rate()


def _worker_drains_queue(port: int, env: dict, loaded: dict, out: Path, *, profile: bool) -> int:
    """Start a worker on the queue the submissions filled; returns what it left undone."""
    from letters.models import Delivery, Letter

    unfinished = Delivery.objects.filter(
        letter__campaign_id=loaded["viral_id"],
        state__in=[Delivery.State.QUEUED, Delivery.State.SENDING],
    )
    # Letters stored through the form whose deliveries the worker has yet to create.
    awaiting = Letter.objects.filter(campaign_id=loaded["viral_id"], awaiting_deliveries=True)
    log = (out / "celery.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "advocacy", "worker"]
        + [f"--concurrency={WORKER_CONCURRENCY}", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env | {"EMAIL_URL": f"smtp://127.0.0.1:{port}"},
        stdout=log,
        stderr=log,
    )
    if profile:
        from bench import profile as py_spy

        spying = py_spy.record("delivery", pid=worker.pid, seconds=15, out=out)
    else:
        spying = contextlib.nullcontext()
    try:
        with spying:
            left = unfinished.count() + awaiting.count()
            last_change, previous = time.monotonic(), None
            while left and time.monotonic() - last_change < GIVE_UP_AFTER:
                time.sleep(0.5)
                left = unfinished.count() + awaiting.count()
                if left != previous:
                    last_change, previous = time.monotonic(), left
    finally:
        worker.send_signal(signal.SIGTERM)  # warm shutdown: finishes the task in hand
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.kill(worker.pid, signal.SIGKILL)
        log.close()
    return left
