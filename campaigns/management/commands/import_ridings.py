from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns import services
from campaigns.directory import read_ridings_csv, shared_data_dir


class Command(BaseCommand):
    help = "Create or rename ridings from Open Civic Data's federal electoral districts CSV."

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=shared_data_dir() / "federal_electoral_districts_2023.csv",
        )

    def handle(self, *args, path, **options):
        try:
            records = read_ridings_csv(path)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        created, updated = services.import_ridings(records=records)
        self.stdout.write(f"{len(records)} ridings read: {created} new, {updated} updated.")
