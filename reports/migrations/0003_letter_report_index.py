"""A covering index for the reports' aggregates on PostgreSQL.

The letters table is wide (each row holds the letter's text); the reports only
read a few narrow columns. With them in the index, the aggregates scan ~100 MB
instead of ~850 MB per million letters (index-only scans). Built CONCURRENTLY so
a live site keeps taking letters meanwhile. Other databases go without.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS letter_report ON letters_letter "
            "(campaign_id, created_at) INCLUDE (state, is_test, province, riding_id, email, id)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS letter_report")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reports", "0002_alter_exportlog_options"),
        ("letters", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
