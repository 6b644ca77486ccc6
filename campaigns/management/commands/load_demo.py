from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from campaigns import demo_content
from campaigns.models import Campaign, LetterTemplate, Target
from campaigns.sanitize import clean_html


class Command(BaseCommand):
    help = "Load the demo campaigns. Safe to run again: nothing is duplicated."

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now()
        for i, data in enumerate(demo_content.CAMPAIGNS):
            fields = {
                "title": data["title"],
                "kind": data["kind"],
                "summary": data["summary"],
                "story": clean_html(data["story_html"]),
                "urgent": data["urgent"],
                "goal": data["goal"],
                "appeal_text": data.get("appeal_text", ""),
                "appeal_url": data.get("appeal_url", ""),
                "status": Campaign.Status.PUBLISHED,
            }
            # Created once with a publish date; later runs leave the date alone.
            campaign, created = Campaign.objects.update_or_create(
                slug=data["slug"],
                defaults=fields,
                create_defaults={
                    **fields,
                    "publish_at": now.replace(microsecond=0) - timedelta(days=i),
                },
            )
            letter = data["letter"]
            template, _ = LetterTemplate.objects.update_or_create(
                campaign=campaign,
                position=0,
                defaults={
                    "subject": letter["subject"],
                    "body": letter["body"],
                    "editable": letter["editable"],
                    "to_supporters_mp": letter["to_supporters_mp"],
                    "cc_addresses": "\n".join(letter["cc"]),
                },
            )
            targets = []
            for t in letter["targets"]:
                target, _ = Target.objects.update_or_create(
                    email=t["email"],
                    riding=None,
                    defaults={k: v for k, v in t.items() if k != "email"},
                )
                targets.append(target)
            template.targets.set(targets)
            self.stdout.write(f"{'Created' if created else 'Updated'}: {campaign.title}")
