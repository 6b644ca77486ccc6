from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns import services
from campaigns.directory import RIDINGS_CSV, read_ridings_csv


class Command(BaseCommand):
    help = "Create or rename ridings from Open Civic Data's federal electoral districts CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=RIDINGS_CSV,
            help="Default: the list shipped with the site (campaigns/data/).",
        )

    def handle(self, *args, path, **options):
        try:
            records = read_ridings_csv(path)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        created, updated = services.import_ridings(records=records)
        self.stdout.write(f"{len(records)} ridings read: {created} new, {updated} updated.")
