"""A covering index for the supporter list on PostgreSQL (reports/exports.py's
sealed_csv()): the letters that count, in the list's order, with what each line needs
(the sealed cells, province, news opt-in). The list then reads ~150 bytes a letter from
the index instead of its whole row (the letter's sealed text included), and no sort.
Built CONCURRENTLY, so a live site keeps taking letters meanwhile. Other databases go
without. A sealed row is at most ~1.9 KB (the form's limits), under the index's 2.7 KB."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS letter_supporter_list ON letters_letter "
            "(campaign_id, created_at, id) INCLUDE (supporter_row, province, news_opt_in) "
            "WHERE NOT is_test AND state IN ('accepted', 'own_client') "
            "AND email IS NOT NULL AND supporter_row IS NOT NULL"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS letter_supporter_list")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("letters", "0015_encryption_at_rest"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
