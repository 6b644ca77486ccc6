"""The supporter list as it was exported before encryption, for the bench's "before"
figure. The data loaders copy the letters of the campaign they export into a table of
the same shape as letters_letter before encryption (every column it had, the personal
ones in clear, in the same order on disk, with the campaign's index): the old export
then reads it as it read letters_letter, written by PostgreSQL's COPY with spreadsheet
formulas neutralized in SQL and passed on in 256 KB chunks, as reports.exports'
copy_csv() did."""

from collections.abc import Iterator

TABLE = "bench_plain_letters"
HEADER = b"first_name,last_name,email,postal_code,province,news_opt_in,signed_on\n"
CHUNK = 256 * 1024
PERSONAL = [
    "first_name", "last_name", "email", "postal_code", "city", "street_address", "subject", "body",
]  # fmt: skip


def _safe(column: str) -> str:
    # reports.exports.spreadsheet_safe() as it was.
    quote = "''''"
    return (
        f"CASE WHEN LEFT({column}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') "
        f"THEN {quote} || {column} ELSE {column} END"
    )


# The list's query as it was (reports/exports.py's _supporters() of one campaign).
SQL = f"""
    SELECT {_safe("first_name")}, {_safe("last_name")}, {_safe("email")}, postal_code,
        province, CASE WHEN news_opt_in THEN 'yes' ELSE 'no' END,
        (created_at AT TIME ZONE 'America/Toronto')::date::text
    FROM {TABLE}
    WHERE state IN ('accepted', 'own_client') AND NOT is_test AND campaign_id = %s
        AND email IS NOT NULL
    ORDER BY created_at, id
"""


def build(cursor, campaign_id: int, plain: dict[str, str], params: dict) -> None:
    """The campaign's letters as letters_letter held them before encryption: its other
    columns as they are, the personal ones from `plain` (an SQL expression of g, the
    letter's number in the campaign, 1 for its first id)."""
    from advocacy.models import EncryptedField
    from letters.models import Letter

    kept = [
        f"l.{f.column}"
        for f in Letter._meta.concrete_fields
        if not isinstance(f, EncryptedField) and f.name != "email_index"
    ]
    personal = [f"({plain[name]})::text AS {name}" for name in PERSONAL]
    cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
    cursor.execute(
        f"CREATE TABLE {TABLE} AS SELECT {', '.join(kept + personal)}"
        " FROM letters_letter l,"
        " (SELECT min(id) AS id FROM letters_letter WHERE campaign_id = %(campaign)s) AS first,"
        " LATERAL (SELECT l.id - first.id + 1 AS g) AS n"
        # Read in the table's order, which is the letters' (ORDER BY would sort a GB).
        " WHERE l.campaign_id = %(campaign)s",
        {**params, "campaign": campaign_id},
    )
    cursor.execute(f"CREATE INDEX ON {TABLE} (campaign_id, created_at)")
    cursor.execute(f"ANALYZE {TABLE}")


def stream(campaign_id: int) -> Iterator[bytes]:
    """The old export's bytes, as its view sent them."""
    from django.db import connection

    yield HEADER
    connection.ensure_connection()
    copy_sql = f"COPY ({SQL}) TO STDOUT (FORMAT csv)"
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql, [campaign_id]) as copy:
        chunk, size = [], 0
        for block in copy:
            chunk.append(bytes(block))
            size += len(block)
            if size >= CHUNK:
                yield b"".join(chunk)
                chunk, size = [], 0
        if chunk:
            yield b"".join(chunk)
