"""Seal every encrypted value again under the first key of FIELD_ENCRYPTION_KEYS
(README: Encryption at rest, rotating the keys). Safe to run while the site runs, and
again: a second run changes nothing."""

from django.core.management.base import BaseCommand

from privacy import services


class Command(BaseCommand):
    help = "Re-encrypt every value not sealed under the first key of FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=services.ROTATION_BATCH,
            help="rows per transaction (default %(default)s)",
        )

    def handle(self, *args, batch_size, **options):
        counts = services.rotate_encryption_keys(batch_size=batch_size)
        total = 0
        for label, (rows, values) in counts.items():
            total += values
            self.stdout.write(f"{label}: {rows:,} rows read, {values:,} values sealed again")
        self.stdout.write(
            self.style.SUCCESS(f"Done: {total:,} values sealed again under the current key.")
            if total
            else "Nothing to do: every value is sealed under the current key."
        )
