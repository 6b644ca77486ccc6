from datetime import date, timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from campaigns import demo_content, demo_content_fr, services
from campaigns.directory import MPS_CSV, RIDINGS_CSV, read_mps_csv, read_ridings_csv
from campaigns.models import (
    Achievement,
    AchievementLink,
    Campaign,
    CoSigner,
    LetterTemplate,
    Organization,
    SiteAppeal,
    Target,
)
from campaigns.sanitize import clean_html


class Command(BaseCommand):
    help = (
        "Load the demo: creates what is missing and never changes what exists, so staff's "
        "edits (a closed campaign, a rewritten summary) survive every later run."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        now = timezone.now()
        created_slugs = set()
        for i, data in enumerate(demo_content.CAMPAIGNS):
            # A campaign that exists is staff's: its text, status, model letter, targets
            # and co-signers stay as they left them.
            campaign, created = Campaign.objects.get_or_create(
                slug=data["slug"],
                defaults={
                    "title": data["title"],
                    "kind": data["kind"],
                    "summary": data["summary"],
                    "story": clean_html(data["story_html"]),
                    "urgent": data["urgent"],
                    "goal": data["goal"],
                    "appeal_text": data.get("appeal_text", ""),
                    "appeal_url": data.get("appeal_url", ""),
                    "status": Campaign.Status.PUBLISHED,
                    "publish_at": now.replace(microsecond=0) - timedelta(days=i),
                },
            )
            if created:
                created_slugs.add(campaign.slug)
                self.load_letter(campaign, data["letter"])
            self.stdout.write(f"{'Created' if created else 'Kept as it is'}: {campaign.title}")
        self.load_mp_directory()
        self.load_statements(created_slugs)
        self.load_organization()
        self.load_appeal()
        self.load_achievements()
        self.load_french()

    def load_letter(self, campaign: Campaign, letter: dict) -> None:
        """A new campaign's model letter, to the organization's real addresses; a target
        already in the directory is used as staff keep it."""
        template = LetterTemplate.objects.create(
            campaign=campaign,
            position=0,
            subject=letter["subject"],
            body=letter["body"],
            editable=letter["editable"],
            to_supporters_mp=letter["to_supporters_mp"],
            cc_addresses="\n".join(letter["cc"]),
        )
        targets = []
        for t in letter["targets"]:
            target, _ = Target.objects.get_or_create(
                email=t["email"],
                riding=None,
                defaults={k: v for k, v in t.items() if k != "email"},
            )
            targets.append(target)
        template.targets.set(targets)

    def load_mp_directory(self):
        """The ridings and MPs shipped with the site, into an empty directory.

        Once loaded, staff refresh it with import_mps_csv or import_mps_represent;
        this never overwrites what they imported or edited.
        """
        if Target.objects.sitting_mps().exists():
            self.stdout.write("MP directory: already loaded.")
            return
        services.import_ridings(records=read_ridings_csv(RIDINGS_CSV))
        report = services.sync_mps(records=read_mps_csv(MPS_CSV))
        self.stdout.write(f"MP directory: {report.lines()[0]}")

    def load_statements(self, created_slugs: set[str]):
        """A new statement's action heading and its co-signers, approved, in order."""
        for data in demo_content.CAMPAIGNS:
            if data["slug"] not in created_slugs:
                continue
            campaign = Campaign.objects.get(slug=data["slug"])
            if data.get("action_title"):
                campaign.action_title = data["action_title"]
                campaign.save(update_fields=["action_title"])
            for position, org in enumerate(data.get("cosigners", [])):
                CoSigner.objects.create(
                    campaign=campaign,
                    name=org["name"],
                    url=org["url"],
                    position=position,
                    status=CoSigner.Status.APPROVED,
                )

    def load_organization(self):
        """The organization's identity, once, in both languages: staff's edits are kept."""
        if Organization.current() is not None:
            self.stdout.write("Organization: kept as it is.")
            return
        english, french = demo_content.ORGANIZATION, demo_content_fr.ORGANIZATION
        Organization.objects.create(
            full_name_en=english["full_name"],
            full_name_fr=french["full_name"],
            short_name_en=english["short_name"],
            short_name_fr=french["short_name"],
            mailing_address_en=english["mailing_address"],
            mailing_address_fr=french["mailing_address"],
            contact_email=english["contact_email"],
            contact_url_en=english["contact_url"],
        )
        self.stdout.write(
            "Organization: created, with a placeholder mailing address and contact email; "
            "enter the real ones at /admin/campaigns/organization/."
        )

    def load_appeal(self):
        """The site's appeal, once: staff's later edits are kept."""
        if SiteAppeal.current() is None:
            SiteAppeal.objects.create(
                title=demo_content.SITE_APPEAL["title"],
                text=clean_html(demo_content.SITE_APPEAL["text_html"]),
                url=demo_content.SITE_APPEAL["url"],
                enabled=True,
            )

    def load_achievements(self):
        """Each achievement missing from the timeline (found by its date and title)."""
        slugs = {c.slug: c for c in Campaign.objects.all()}
        for position, data in enumerate(demo_content.ACHIEVEMENTS):
            sort_date = data["sort_date"]
            achievement, created = Achievement.objects.get_or_create(
                title=data["title"],
                date_label=data["date_label"],
                defaults={
                    "sort_date": date.fromisoformat(sort_date) if sort_date else None,
                    "body": clean_html(data["body_html"]),
                    "position": position,
                },
            )
            if not created:
                continue
            AchievementLink.objects.bulk_create(
                AchievementLink(achievement=achievement, title=link["title"], url=link["url"],
                                position=i)
                for i, link in enumerate(data["links"])
            )  # fmt: skip
            achievement.campaigns.set([slugs[s] for s in data["campaigns"] if s in slugs])
        self.stdout.write(f"Achievements: {len(demo_content.ACHIEVEMENTS)}")

    def load_french(self):
        """The demo in French too: each campaign, its letter and targets, the statement's
        co-signers, the appeal and the timeline. Only French boxes still empty are filled,
        so staff's own French is never overwritten."""
        for slug, data in demo_content_fr.CAMPAIGNS.items():
            campaign = Campaign.objects.filter(slug=slug).first()
            if campaign is None:
                continue
            _fill(
                campaign,
                slug_fr=data["slug"],
                title_fr=data["title"],
                summary_fr=data["summary"],
                story_fr=clean_html(data["story_html"]),
                appeal_text_fr=data.get("appeal_text", ""),
                action_title_fr=data.get("action_title", ""),
            )
            if campaign.languages == Campaign.Languages.ENGLISH and campaign.title_fr:
                campaign.languages = Campaign.Languages.BOTH
                campaign.save(update_fields=["languages"])
            template = campaign.letter_templates.first()
            if template is not None:
                _fill(
                    template, subject_fr=data["letter"]["subject"], body_fr=data["letter"]["body"]
                )
            for name_en, name_fr in data.get("cosigners", {}).items():
                for cosigner in campaign.cosigners.filter(name_en=name_en):
                    _fill(cosigner, name_fr=name_fr)
        for email, values in demo_content_fr.TARGETS.items():
            for target in Target.objects.filter(email=email, riding=None):
                _fill(target, title_fr=values["title"], salutation_fr=values["salutation"])
        appeal = SiteAppeal.current()
        if appeal is not None:
            _fill(
                appeal,
                title_fr=demo_content_fr.SITE_APPEAL["title"],
                text_fr=clean_html(demo_content_fr.SITE_APPEAL["text_html"]),
            )
        for data, (label, title, body) in zip(
            demo_content.ACHIEVEMENTS, demo_content_fr.ACHIEVEMENTS, strict=True
        ):
            for achievement in Achievement.objects.filter(
                title_en=data["title"], date_label_en=data["date_label"]
            ):
                _fill(achievement, date_label_fr=label, title_fr=title, body_fr=clean_html(body))
        self.stdout.write("French: filled in where it was missing.")


def _fill(obj, **values) -> None:
    """Set each French field that is still empty, and save those."""
    empty = [name for name, value in values.items() if value and not getattr(obj, name)]
    for name in empty:
        setattr(obj, name, values[name])
    if empty:
        obj.save(update_fields=empty)
