import time

from django.core.management.base import BaseCommand

from letters import services


class Command(BaseCommand):
    help = "Send due letters once, or keep sending with --loop (the embedded mode, no broker)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between passes.")

    def handle(self, *args, loop=False, interval=2.0, **options):
        while True:
            sent = services.send_due()
            if sent:
                self.stdout.write(f"Sent {sent} deliveries.")
            if not loop:
                return
            time.sleep(interval)
