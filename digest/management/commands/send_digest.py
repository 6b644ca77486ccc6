from pathlib import Path

from django.core.management.base import BaseCommand

from digest import services


class Command(BaseCommand):
    help = "Send one issue of the News Digest to every confirmed subscriber."

    def add_arguments(self, parser):
        parser.add_argument("--subject", required=True)
        parser.add_argument("--text", required=True, type=Path, help="the plain-text version")
        parser.add_argument("--html", required=True, type=Path, help="the HTML version")

    def handle(self, *args, subject, text, html, **options):
        sent = services.send_issue(
            subject=subject,
            text=text.read_text(encoding="utf-8"),
            html=html.read_text(encoding="utf-8"),
        )
        self.stdout.write(f"Sent to {sent} subscriber(s).")
