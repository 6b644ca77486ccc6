from pathlib import Path

from django.core.management.base import CommandError

from campaigns.directory import MPS_CSV, read_mps_csv

from ._mp_import import MPImportCommand


class Command(MPImportCommand):
    help = (
        "Make the MP directory match a CSV of the sitting MPs (columns name, email, party, "
        "fed_code_2023, riding_name, riding_name_fr) and report new MPs, changed emails "
        "and departed MPs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            type=Path,
            default=MPS_CSV,
            help="Default: the list shipped with the site (campaigns/data/).",
        )
        super().add_arguments(parser)

    def handle(self, *args, path, dry_run, allow_mass_departure, **options):
        try:
            records = read_mps_csv(path)
        except (OSError, KeyError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        self.sync(records, dry_run=dry_run, allow_mass_departure=allow_mass_departure)
