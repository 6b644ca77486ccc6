"""The embedded default (no DATABASE_URL: SQLite) takes several writers at once, as
make run has them (runserver's threads, the delivery loop, a manage.py command):
readers never wait for the writer (WAL), a writer waits its turn instead of failing,
and a transaction that reads before it writes never fails with "database is locked"
when another one wrote meanwhile (transactions begin IMMEDIATE)."""

import subprocess
import sys

from django.conf import settings

# Two threads of one process, each with its own connection, as runserver's are: the
# first holds the write lock for a second; the second reads, then writes.
WRITERS = r"""
import threading, time
import django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    for pragma in ("journal_mode", "busy_timeout", "synchronous"):
        print(pragma, cursor.execute(f"PRAGMA {pragma}").fetchone()[0])
    cursor.execute("CREATE TABLE tally (n integer)")
connection.close()
holding, outcome = threading.Event(), []

def first():
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO tally VALUES (1)")
        holding.set()
        time.sleep(1)
    connection.close()

def second():
    holding.wait()
    started = time.monotonic()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            count = cursor.execute("SELECT count(*) FROM tally").fetchone()[0]
            cursor.execute("INSERT INTO tally VALUES (%s)", [count + 1])
        outcome.append(f"wrote after {time.monotonic() - started:.1f} s")
    except Exception as exc:
        outcome.append(f"{type(exc).__name__}: {exc}")
    connection.close()

threads = [threading.Thread(target=first), threading.Thread(target=second)]
[t.start() for t in threads]
[t.join() for t in threads]
with connection.cursor() as cursor:
    print("second", outcome[0])
    print("rows", cursor.execute("SELECT group_concat(n) FROM tally ORDER BY n").fetchone()[0])
"""


def run(code: str, **env) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "advocacy.settings", "DEBUG": "1"}
        | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return dict(line.split(" ", 1) for line in result.stdout.splitlines())


def test_it_lets_a_second_writer_wait_its_turn_on_sqlite(tmp_path):
    out = run(WRITERS, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert out["journal_mode"] == "wal"
    assert out["busy_timeout"] == "20000"
    assert out["synchronous"] == "1"  # NORMAL: safe with WAL, one sync per checkpoint
    assert out["second"].startswith("wrote after "), out["second"]
    assert 0.5 <= float(out["second"].split()[2]) < 20
    assert out["rows"] == "1,2"  # it counted the first one's row: it waited, then read


def test_it_leaves_postgresql_options_alone():
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print('options', sorted(settings.DATABASES['default'].get('OPTIONS', {})))"

    out = run(code, DATABASE_URL="postgres://advocacy@127.0.0.1:5432/advocacy")

    assert out["options"] == "['pool']"
