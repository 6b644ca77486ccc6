import sys

from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from reports import services
from reports.exports import COUNT_KINDS, HEADERS, export_rows, stream_csv
from reports.forms import PeriodForm
from reports.models import ExportLog


class Command(BaseCommand):
    help = "Write signer counts as CSV (for scheduled jobs); each run is recorded."

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=[k.value for k in COUNT_KINDS])
        parser.add_argument("--from", dest="from", help="first day, YYYY-MM-DD (included)")
        parser.add_argument("--to", dest="to", help="last day, YYYY-MM-DD (included)")
        parser.add_argument("--campaign", help="a campaign's slug; all campaigns when left out")
        parser.add_argument("--output", help="file to write; standard output when left out")

    def handle(self, *args, kind, campaign, output, **options):
        form = PeriodForm({"from": options["from"] or "", "to": options["to"] or ""})
        if not form.is_valid():
            errors = [f"--{name}: {' '.join(e)}" for name, e in form.errors.items()]
            raise CommandError("; ".join(e.replace("--__all__: ", "") for e in errors))
        if campaign:
            try:
                campaign = Campaign.objects.get(slug=campaign)
            except Campaign.DoesNotExist as exc:
                raise CommandError(f"There is no campaign {campaign!r}.") from exc
        log = services.start_export(
            kind=kind, source=ExportLog.Source.COMMAND, campaign=campaign or None, **form.period
        )
        rows = export_rows(kind, campaign=campaign or None, **form.period)
        chunks = stream_csv(
            HEADERS[kind], rows, on_finish=lambda n: services.finish_export(log, row_count=n)
        )
        # newline="": the csv module writes its own line endings.
        out = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout  # noqa: SIM115
        try:
            for chunk in chunks:
                out.write(chunk)
        finally:
            if output:
                out.close()
        if output:
            self.stderr.write(f"Wrote {log.row_count} rows to {output}.")
