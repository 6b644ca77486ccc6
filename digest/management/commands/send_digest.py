from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from digest import services


class Command(BaseCommand):
    help = "Send one issue of the News Digest to every confirmed subscriber."

    def add_arguments(self, parser):
        parser.add_argument("--subject", required=True)
        parser.add_argument("--text", required=True, type=Path, help="the plain-text version")
        parser.add_argument("--html", required=True, type=Path, help="the HTML version")
        # The French edition, for subscribers who signed up in French (all three, or none).
        parser.add_argument("--subject-fr", help="the French edition's subject")
        parser.add_argument("--text-fr", type=Path, help="the French plain-text version")
        parser.add_argument("--html-fr", type=Path, help="the French HTML version")

    def handle(self, *args, subject, text, html, subject_fr, text_fr, html_fr, **options):
        french_parts = (subject_fr, text_fr, html_fr)
        if any(french_parts) and not all(french_parts):
            raise CommandError(
                "Give the French edition whole: --subject-fr, --text-fr and --html-fr."
            )
        french = (
            {
                "subject": subject_fr,
                "text": text_fr.read_text(encoding="utf-8"),
                "html": html_fr.read_text(encoding="utf-8"),
            }
            if all(french_parts)
            else None
        )
        sent = services.send_issue(
            subject=subject,
            text=text.read_text(encoding="utf-8"),
            html=html.read_text(encoding="utf-8"),
            french=french,
        )
        self.stdout.write(f"Sent to {sent} subscriber(s).")
