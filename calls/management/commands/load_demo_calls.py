from django.core.management.base import BaseCommand
from django.db import transaction

from calls.models import CallScript
from campaigns.models import Campaign, Office, Target

HARKAT = "stop-harkat-deportation"
SCRIPT_EN = (
    "Hello, my name is {full_name} and I live in {city}. I am calling to ask {salutation} "
    "to stop the deportation of Mohamed Harkat to torture in Algeria. He has lived under a "
    "security certificate since December 2002: 43 months in detention without charge, then "
    "years of house arrest. Please let him stay in Canada with his wife and family. Thank you."
)
SCRIPT_FR = (
    "Bonjour, je m'appelle {full_name} et j'habite à {city}. J'appelle pour demander à "
    "{salutation} d'empêcher l'expulsion de Mohamed Harkat vers la torture en Algérie. Il vit "
    "sous le coup d'un certificat de sécurité depuis décembre 2002 : 43 mois de détention sans "
    "accusation, puis des années d'assignation à résidence. Laissez-le rester au Canada auprès "
    "de son épouse et de sa famille. Merci."
)
# 555-01xx numbers are reserved for fiction: a demo call reaches no one.
OFFICES = {
    "ralph.goodale@parl.gc.ca": "613-555-0110",
    "john.mccallum@parl.gc.ca": "613-555-0111",
}


class Command(BaseCommand):
    help = (
        "Give the demo's Harkat campaign a call script and its ministers an office to call "
        "(fictional numbers), once: what staff changed later is kept."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        campaign = Campaign.objects.filter(slug=HARKAT).first()
        if campaign is None:
            self.stdout.write("Calls: no demo campaign (run load_demo first).")
            return
        if not CallScript.objects.filter(campaign=campaign).exists():
            CallScript.objects.create(campaign=campaign, text_en=SCRIPT_EN, text_fr=SCRIPT_FR)
        for email, phone in OFFICES.items():
            target = Target.objects.filter(email=email, riding=None).first()
            if target is not None and not target.offices.exists():
                Office.objects.create(target=target, kind=Office.Kind.OFFICE, phone=phone)
        self.stdout.write("Calls: the Harkat campaign's script and its ministers' offices.")
