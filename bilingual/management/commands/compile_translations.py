from django.core.management.base import BaseCommand

from bilingual.catalogue import catalogues, compile_catalogue


class Command(BaseCommand):
    help = "Compile the project's .po catalogues to .mo in pure Python (no msgfmt needed)."

    def handle(self, *args, **options):
        for po_path in catalogues():
            mo_path = compile_catalogue(po_path)
            self.stdout.write(f"Compiled {mo_path}")
