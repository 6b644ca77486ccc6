"""What the two MP import commands share: options, the dry run, the report."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from campaigns import services
from campaigns.directory import MPRecord


class _DryRun(Exception):
    pass


class MPImportCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, change nothing."
        )
        parser.add_argument(
            "--allow-mass-departure",
            action="store_true",
            help="Accept a list that drops more than a third of the sitting MPs (an election).",
        )

    def sync(self, records: list[MPRecord], *, dry_run: bool, allow_mass_departure: bool):
        if not records:
            raise CommandError("The source lists no MPs: nothing imported.")
        try:
            with transaction.atomic():
                report = services.sync_mps(
                    records=records, allow_mass_departure=allow_mass_departure
                )
                if dry_run:
                    raise _DryRun
        except _DryRun:
            self.stdout.write("Dry run: nothing was saved.")
        except services.SuspiciousImport as exc:
            raise CommandError(
                f"{exc} Nothing imported; pass --allow-mass-departure if that is right."
            ) from exc
        for line in report.lines():
            self.stdout.write(line)
        return report
