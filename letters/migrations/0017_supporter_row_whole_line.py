"""Each letter's sealed supporter-list value (Letter.supporter_row) becomes its whole
line: the name, email and postal code cells it held, then the province, the news
opt-in and the day it was signed, with the newline. The supporter list then reads one
column and PostgreSQL computes nothing per row (reports/exports.py's sealed_csv()).

In batches, each its own transaction, so a live site keeps taking letters meanwhile;
a line already whole (stored by the new code, or by an earlier run) is left alone."""

from django.db import migrations, transaction
from django.utils import timezone

BATCH = 2000


def _rewrite(apps, connection, rewritten):
    Letter = apps.get_model("letters", "Letter")
    last = 0
    while True:
        rows = list(
            Letter.objects.using(connection.alias)
            .filter(pk__gt=last, supporter_row__isnull=False)
            .order_by("pk")
            .values_list("pk", "supporter_row", "province", "news_opt_in", "created_at")[:BATCH]
        )
        if not rows:
            return
        last = rows[-1][0]
        # One UPDATE by primary key per letter, sent together (psycopg's executemany):
        # bulk_update()'s CASE over a whole batch costs PostgreSQL the batch's size per row.
        field = Letter._meta.get_field("supporter_row")
        changes = [
            (field.get_db_prep_save(value, connection), row[0])
            for row in rows
            if (value := rewritten(*row[1:])) is not None
        ]
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE letters_letter SET supporter_row = %s WHERE id = %s", changes
            )


def whole_lines(apps, schema_editor):
    zone = timezone.get_default_timezone()

    def line(cells, province, opted_in, created_at):
        # The old value ended with the postal code's cell, never with a newline.
        if cells.endswith("\n"):
            return None
        signed_on = timezone.localdate(created_at, zone).isoformat()
        return f"{cells},{province},{'yes' if opted_in else 'no'},{signed_on}\n"

    _rewrite(apps, schema_editor.connection, line)


def cells_only(apps, schema_editor):
    def cells(line, *_):
        # The province, opt-in and date never hold a comma.
        return line.rsplit(",", 3)[0] if line.endswith("\n") else None

    _rewrite(apps, schema_editor.connection, cells)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("letters", "0016_letter_supporter_list_index"),
    ]

    operations = [migrations.RunPython(whole_lines, cells_only, elidable=False)]
