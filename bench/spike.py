"""The viral hour, compressed: page views at full speed while letters arrive at a
steady 2,000 a minute from many addresses, a real Celery worker (with beat: the
fold of the counts, the sweeper) sending them to a local SMTP server. Checks that
no request failed, the submissions' p99, that at the end every letter stored is
counted, sent and received once, and that the page's live count was never more
than 10 seconds behind the letters stored."""

import contextlib
import http.client
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from aiosmtpd.controller import Controller

from bench import load
from bench.delivery import Inbox, _free_port

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SPIKE_SECONDS", "300"))
LETTERS_PER_MINUTE = 2000
COUNT_LAG_LIMIT = 10.0  # seconds the page's count may trail the letters stored


def measure(
    *,
    env: dict,
    base_url: str,
    page_url: str,
    send_url: str,
    count_url: str,
    form: dict,
    campaign_id: int,
    out: Path,
    row,
) -> list:
    from bench import data
    from campaigns.models import Campaign
    from letters.models import mail_ref
    from reports.tallies import fold_counts

    fold_counts()
    base = Campaign.objects.get(pk=campaign_id).letter_count
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    worker = _worker(env, controller.port, out)
    results: list[tuple[float, float, int]] = []  # (start, seconds, status)
    counts: list[tuple[float, int]] = []
    stop = threading.Event()
    prefix = f"spike{random.randrange(10**6)}"
    try:
        time.sleep(5)  # the worker and beat start
        pages = threading.Thread(target=_pages, args=(page_url,), daemon=True)
        pages.start()
        poller = threading.Thread(target=_poll, args=(count_url, counts, stop), daemon=True)
        poller.start()
        _submit(send_url, form, prefix, results)
        stop.set()
        pages.join(timeout=SECONDS + 60)
        spike = data.submitted_letters(campaign_id, prefix)
        deadline = time.monotonic() + 180
        unsent = data.unsent(spike)
        while unsent.exists() and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(3)  # a last fold by beat
    finally:
        worker.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            worker.wait(timeout=30)
        if worker.poll() is None:
            worker.kill()
        controller.stop()
    fold_counts()
    stored = spike.count()
    counted = Campaign.objects.get(pk=campaign_id).letter_count - base
    sent = stored - data.unsent(spike).count()
    # One message a letter (two ministers and the Cc), told apart by its X-Letter-Ref:
    # the worker may also send what earlier measurements left queued.
    refs = {
        mail_ref(public_id, secret=env["SECRET_KEY"]).encode()
        for public_id in spike.values_list("public_id", flat=True)
    }
    mine = [ref for ref in inbox.refs if ref in refs]
    received = len(set(mine))
    twice = len(mine) - received
    failed = sum(1 for _, _, status in results if status != 302)
    latencies = sorted(seconds for _, seconds, _ in results)
    p99 = latencies[int(len(latencies) * 0.99)] * 1000 if latencies else 0
    lag = _worst_lag(
        counts, [t.timestamp() for t in spike.values_list("created_at", flat=True)], base
    )
    figures = (
        f"{len(results)} letters in {SECONDS}s, {failed} failed, p99 {p99:.0f} ms; "
        f"stored {stored}, counted {counted}, sent {sent}, received {received} "
        f"({twice} twice, {len(inbox.refs) - len(mine)} other letters); "
        f"count at most {lag:.1f}s behind"
    )
    print(f"  spike: {figures}", flush=True)
    return [
        row(
            f"Five-minute spike: pages at full speed, {LETTERS_PER_MINUTE:,} letters/min",
            "-",
            figures,
            None,
            "0 failed, p99 < 300 ms, all equal, none twice, count <= 10 s behind",
            failed == 0
            and p99 < 300
            and stored == counted == sent == received > 0
            and twice == 0
            and lag <= COUNT_LAG_LIMIT,
        )
    ]


def _worker(env: dict, smtp_port: int, out: Path) -> subprocess.Popen:
    log = (out / "celery-spike.log").open("w")
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "advocacy",
            "worker",
            "--beat",
            "--concurrency=2",
            "--loglevel=WARNING",
            "--schedule",
            str(out / "beat-schedule"),
        ],
        cwd=ROOT,
        env=env | {"EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}"},
        stdout=log,
        stderr=log,
    )


def _pages(url: str) -> None:
    """Page views at full speed for the whole spike (wrk, 16 connections)."""
    load.run(url, seconds=SECONDS, connections=16)


def _submit(url: str, form: dict, prefix: str, results: list) -> None:
    """2,000 letters a minute on a steady clock, each from its own address and email."""
    interval = 60 / LETTERS_PER_MINUTE
    start = time.monotonic()
    lock = threading.Lock()
    n = 0
    threads = []

    def send(n: int) -> None:
        parts = urlsplit(url)
        body = urlencode(
            {k: v for k, v in form.items() if not k.startswith("__")}
            | {"email": f"{prefix}-{n}@example.org"}
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={form['__cookie']}",
            "X-Forwarded-For": f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}",
        }
        began = time.monotonic()
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            conn.request("POST", parts.path, body, headers)
            status = conn.getresponse().status
            conn.close()
        except OSError:
            status = 0
        with lock:
            results.append((began, time.monotonic() - began, status))

    while time.monotonic() - start < SECONDS:
        due = start + n * interval
        if due > time.monotonic():
            time.sleep(due - time.monotonic())
        thread = threading.Thread(target=send, args=(n,), daemon=True)
        thread.start()
        threads.append(thread)
        n += 1
    for thread in threads:
        thread.join(timeout=60)


def _poll(url: str, counts: list, stop: threading.Event) -> None:
    """What a visitor's page shows: the live count, read once a second."""
    import json
    import urllib.request

    while not stop.is_set():
        with (
            contextlib.suppress(OSError, ValueError),
            urllib.request.urlopen(url, timeout=5) as response,
        ):
            counts.append((time.time(), json.loads(response.read())["count"]))
        time.sleep(1)


def _worst_lag(counts: list[tuple[float, int]], stored_at: list[float], base: int) -> float:
    """The longest time a letter already stored was missing from the count shown."""
    stored_at.sort()
    worst = 0.0
    for seen_at, shown in counts:
        missing = [t for t in stored_at[max(shown - base, 0) :] if t <= seen_at]
        if missing:
            worst = max(worst, seen_at - missing[0])
    return worst
