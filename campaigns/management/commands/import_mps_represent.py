from django.core.management.base import CommandError

from campaigns import represent

from ._mp_import import MPImportCommand


class Command(MPImportCommand):
    help = (
        "Make the MP directory match Open North Represent's House of Commons "
        "(REPRESENT_URL/representatives/house-of-commons/) and report what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="Represent's base URL (REPRESENT_URL).")
        super().add_arguments(parser)

    def handle(self, *args, url, dry_run, allow_mass_departure, **options):
        try:
            records = represent.fetch_house_of_commons(base_url=url or None)
        except represent.RepresentError as exc:
            raise CommandError(f"Represent did not answer: {exc}. Nothing imported.") from exc
        # Represent names ridings of an older order for a few members at times:
        # without the number they cannot be placed, and sync_mps reports them as skipped.
        self.sync(records, dry_run=dry_run, allow_mass_departure=allow_mass_departure)
