"""A CSV export streamed to a slow organizer never holds up a letter on the embedded
default: on SQLite the export reads without a transaction (one would take the write
lock, IMMEDIATE, for as long as the download lasts), WAL giving its query a snapshot."""

from tests.advocacy.test_database_settings import run

# The export is left halfway, as while the organizer's connection is slow; meanwhile
# another thread (another request) writes.
HALFWAY = r"""
import threading, time
import django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from reports import exports

with connection.schema_editor() as editor:
    editor.create_model(ContentType)
ContentType.objects.bulk_create(ContentType(app_label="a", model=f"m{n}") for n in range(20))
exports.CHUNK_ROWS = 5
chunks = exports.stream_csv(["app", "model"], ContentType.objects.values_list("app_label", "model"))
header, first = next(chunks), next(chunks)
outcome = []

def write():
    started = time.monotonic()
    try:
        with transaction.atomic():
            ContentType.objects.create(app_label="b", model="written")
        outcome.append(f"wrote after {time.monotonic() - started:.1f} s")
    except Exception as exc:
        outcome.append(f"{type(exc).__name__}: {exc}")
    connection.close()

writer = threading.Thread(target=write)
writer.start()
writer.join()
print("writer", outcome[0])
print("rows", len((first + "".join(chunks)).splitlines()))
"""


def test_it_lets_a_letter_be_written_while_an_export_is_halfway(tmp_path):
    out = run(HALFWAY, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert out["writer"].startswith("wrote after "), out["writer"]
    assert float(out["writer"].split()[2]) < 2
    assert out["rows"] == "20"  # the rows as they were when the export began
