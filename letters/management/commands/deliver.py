import time

from django.conf import settings
from django.core.management.base import BaseCommand

from advocacy.celery import app
from letters import delivery


class Command(BaseCommand):
    help = (
        "Send due letters once, or keep sending with --loop: the embedded mode without a "
        "broker, which also runs beat's periodic jobs (publishing, expiry, retention) in-process."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between passes.")
        parser.add_argument(
            "--passes", type=int, default=0, help="With --loop, stop after this many (0: never)."
        )

    def handle(self, *args, loop=False, interval=2.0, passes=0, **options):
        app.loader.import_default_modules()  # registers every app's tasks
        last_run: dict[str, float] = {}
        done = 0
        while True:
            sent = delivery.send_due()
            if sent:
                self.stdout.write(f"Sent {sent} deliveries.")
            if not loop:
                return
            now = time.monotonic()
            for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
                if now - last_run.get(name, -float("inf")) >= entry["schedule"]:
                    app.tasks[entry["task"]].apply()
                    last_run[name] = now
            done += 1
            if passes and done >= passes:
                return
            time.sleep(interval)
