from django.core.management.base import BaseCommand, CommandError

from campaigns.models import Campaign
from reports.services import recount_letters


class Command(BaseCommand):
    help = "Recompute each campaign's letter counter from its letters (a repair tool)."

    def add_arguments(self, parser):
        parser.add_argument("--campaign", help="a campaign's slug; all campaigns when left out")

    def handle(self, *args, campaign, **options):
        campaigns = Campaign.objects.all()
        if campaign:
            campaigns = campaigns.filter(slug=campaign)
            if not campaigns.exists():
                raise CommandError(f"There is no campaign {campaign!r}.")
        fixed = recount_letters(campaigns=campaigns)
        for c, old, new in fixed:
            self.stdout.write(f"{c.slug}: {old} -> {new}")
        self.stdout.write(f"{len(fixed)} counter(s) corrected.")
