"""The reports' covering index (0003) carried the letter's email, now encrypted and
dropped from it (PostgreSQL dropped the index with the plain column): built again
with the address's blind index, which is what the signer counts read."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS letter_report")
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS letter_report ON letters_letter "
            "(campaign_id, created_at) INCLUDE (state, is_test, province, riding_id, email_index, id)"
        )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reports", "0009_source_and_referral_tallies"),
        ("letters", "0015_encryption_at_rest"),
    ]

    operations = [migrations.RunPython(create_index, migrations.RunPython.noop, elidable=False)]
