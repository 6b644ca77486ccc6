import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connection

from advocacy.celery import app
from letters import delivery

log = logging.getLogger(__name__)

# Errors a database gives while it is busy or briefly away ("database is locked" on
# SQLite, a dropped or restarting PostgreSQL): the next pass will likely go through.
TRANSIENT = (OperationalError, InterfaceError)
MAX_WAIT = 30.0  # seconds between passes while such errors repeat


class Command(BaseCommand):
    help = (
        "Send due letters once, or keep sending with --loop: the embedded mode without a "
        "broker, which also runs beat's periodic jobs (publishing, expiry, retention) in-process. "
        "The loop outlives a transient database error: it logs it, waits and goes on."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between passes.")
        parser.add_argument(
            "--passes", type=int, default=0, help="With --loop, stop after this many (0: never)."
        )

    def handle(self, *args, loop=False, interval=2.0, passes=0, **options):
        app.loader.import_default_modules()  # registers every app's tasks
        # Beat's jobs run here every few seconds: a "Task succeeded" line for each
        # would bury every other line of make run's console.
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        if not loop:
            self.send()
            return
        last_run: dict[str, float] = {}
        done = failures = 0
        while True:
            try:
                self.send()
                self.run_periodic_jobs(last_run)
                failures = 0
            except TRANSIENT as exc:
                # A claim cut short keeps its lease; the sweep takes it back when it ends.
                failures += 1
                wait = min(MAX_WAIT, max(interval, 1.0) * 2 ** (failures - 1))
                log.warning(
                    "Delivery loop: database error (%s); trying again in %.0f s.",
                    " ".join(str(exc).split())[:200],
                    wait,
                )
                if not connection.in_atomic_block:
                    connection.close_if_unusable_or_obsolete()  # reopened by the next pass
                time.sleep(wait)
                continue
            done += 1
            if passes and done >= passes:
                return
            time.sleep(interval)

    def send(self) -> None:
        sent = delivery.send_due()
        if sent:
            self.stdout.write(f"Sent {sent} deliveries.")

    def run_periodic_jobs(self, last_run: dict[str, float]) -> None:
        """Beat's schedule, in this process: each job when its period has passed."""
        now = time.monotonic()
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            if now - last_run.get(name, -float("inf")) >= entry["schedule"]:
                app.tasks[entry["task"]].apply()
                last_run[name] = now
