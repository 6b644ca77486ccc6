"""The delivery figure of `make bench` alone, in a minute or two: a small database,
a backlog of letters stored through the submission service, then bench/delivery.py's
measurement (the bare smtplib loop, then the Celery worker draining the backlog).

    python bench/delivery_alone.py [--profile] [--again]

--again keeps the database of the last run and queues its backlog once more.

Environment: BENCH_POSTGRES (server URL), BENCH_DATABASE (adv_bench_delivery),
BENCH_REDIS_URL (emptied first), BENCH_LETTERS (20000 loaded, already sent),
BENCH_BACKLOG (2500 letters to send).
"""

import json
import os
import secrets
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_LETTERS", "20000")
os.environ.setdefault("BENCH_SPIKE_SECONDS", "0")

from bench import run  # noqa: E402

DATABASE = os.environ.get("BENCH_DATABASE", "adv_bench_delivery")
BACKLOG = int(os.environ.get("BENCH_BACKLOG", "2500"))
BACKLOG_START = run.OUT / "delivery-backlog-start.txt"
KEYS = run.OUT / "delivery-keys.json"  # bench data only, thrown away with the database


def main() -> None:
    run.DATABASE = DATABASE
    run.ENV["DATABASE_URL"] = f"{run.POSTGRES}/{DATABASE}"
    run.OUT.mkdir(exist_ok=True)
    # --again reads the last run's letters: under the keys they were sealed with.
    keys = {k: v for k, v in run.ENV.items() if k in ("FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY")}
    if "--again" in sys.argv:
        run.ENV.update(json.loads(KEYS.read_text()))
    else:
        KEYS.write_text(json.dumps(keys))
    os.environ.update(run.ENV)
    if "--again" in sys.argv:
        run.manage("migrate", "--noinput")
        import django
        import redis

        django.setup()
        redis.Redis.from_url(run.REDIS_URL).flushdb()
        loaded = queue_again()
    else:
        run.step("Fresh database and Redis db")
        run.reset_services()
        run.manage("migrate", "--noinput")

        import django

        django.setup()
        from bench import data

        loaded = data.load()
        run.step(f"A backlog of {BACKLOG} letters, stored as the letter form stores them")
        started = time.monotonic()
        store_backlog(loaded)
        print(f"  stored in {time.monotonic() - started:.0f}s", flush=True)
    from bench import delivery

    inboxes = []

    class Inbox(delivery.Inbox):
        def __init__(self):
            super().__init__()
            inboxes.append(self)

    delivery.Inbox = Inbox
    row, delivered = run.measure_delivery(loaded)
    print(f"  {row.measurement}: {row.baseline}, {row.ours}, ratio {row.ratio:.2f}")
    print(f"  messages received: {delivered}; a second at a time: {per_second(inboxes[-1])}")


def per_second(inbox) -> str:
    """How many messages arrived in each second, first message to last."""
    if not inbox.arrivals:
        return "-"
    start, counts = inbox.arrivals[0], {}
    for t in inbox.arrivals:
        counts[int(t - start)] = counts.get(int(t - start), 0) + 1
    return " ".join(str(counts.get(s, 0)) for s in range(max(counts) + 1))


def queue_again() -> dict:
    """The last run's backlog queued again, untried, as if just stored."""
    from django.utils import timezone

    from bench import data
    from campaigns.models import Campaign
    from letters.models import Delivery

    viral = Campaign.objects.get(slug=data.VIRAL_SLUG)
    first = int(BACKLOG_START.read_text())
    queued = Delivery.objects.filter(letter__campaign=viral, letter_id__gte=first).update(
        state=Delivery.State.QUEUED,
        next_attempt_at=timezone.now(),
        lease_until=None,
        attempts=0,
        sent_at=None,
        provider_message_id="",
    )
    print(f"  {queued} deliveries queued again", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        # The last run's row versions out of the way, as in a fresh database; no ANALYZE,
        # as in a fresh database either (the bench's backlog outgrows its statistics).
        cursor.execute("VACUUM letters_delivery, letters_letter")
    from letters.delivery import kick

    kick()
    return {"viral_id": viral.pk, "viral_slug": viral.slug}


def store_backlog(loaded: dict) -> None:
    from campaigns.models import Campaign
    from letters import services

    campaign = Campaign.objects.get(pk=loaded["viral_id"])
    template = campaign.letter_templates.first()
    prefix = secrets.token_hex(4)
    for n in range(BACKLOG):
        letter = services.submit_letter(
            campaign,
            template=template,
            first_name="Jane",
            last_name="Doe",
            email=f"{prefix}-w{n}@example.org",
            postal_code="K1A 0A6",
            city="Ottawa",
            subject="Stop the deportation of the Ahmed family",
            body="I write from Ottawa to ask you to stop this deportation.",
        )
        if n == 0:
            BACKLOG_START.write_text(str(letter.pk))  # --again queues the letters from here


if __name__ == "__main__":
    main()
