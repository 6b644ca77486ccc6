"""Exports against PostgreSQL's COPY of the same rows: total time, time to first byte
and peak memory. The export is fetched over HTTP from gunicorn, as an organizer would;
COPY ... TO STDOUT is read by this process through psycopg."""

import contextlib
import time
import tracemalloc
import urllib.request
from pathlib import Path

SUPPORTER_COLUMNS = "first_name, last_name, email, postal_code, city, province, created_at"


def measure(*, base_url: str, loaded: dict, row) -> list:
    url = _export_url(loaded)
    if url is None:
        print("  no supporter-list export on this branch yet")
        return [row("Supporter-list export, 1M rows", "-", "not built yet", None, "<= 2x", None)]
    copy_seconds, copy_first, copy_peak = _copy(loaded["viral_id"])
    print(f"  COPY: {copy_seconds:.1f}s, first byte {copy_first:.2f}s, peak {copy_peak:.0f} MB")
    from bench.run import staff_session_cookie

    seconds, first, peak, size = _http(f"{base_url}{url}", staff_session_cookie())
    print(f"  export {url}: {seconds:.1f}s, first byte {first:.2f}s, worker peak {peak:.0f} MB")
    ratio = seconds / copy_seconds
    return [
        row(
            "Supporter-list export, 1M rows (s; first byte; peak)",
            f"COPY {copy_seconds:.1f}s; {copy_first:.2f}s; {copy_peak:.0f} MB",
            f"{seconds:.1f}s; {first:.2f}s; {peak:.0f} MB ({size / 1e6:.0f} MB CSV)",
            ratio,
            "<= 2x, < 150 MB, first byte < 1 s",
            ratio <= 2 and peak < 150 and first < 1,
        )
    ]


def _export_url(loaded: dict) -> str | None:
    from django.urls import NoReverseMatch, reverse

    for name in ("reports:supporters", "reports:supporters_csv", "reports:export_supporters"):
        for arg in (loaded["viral_slug"], loaded["viral_id"]):
            with contextlib.suppress(NoReverseMatch):
                return reverse(name, args=[arg])
    return None


def _copy(campaign_id: int) -> tuple[float, float, float]:
    from django.db import connection

    tracemalloc.start()
    started = time.monotonic()
    first = None
    sql = (
        f"COPY (SELECT {SUPPORTER_COLUMNS} FROM letters_letter WHERE campaign_id = {campaign_id}"
        " AND state IN ('accepted', 'own_client') ORDER BY created_at) TO STDOUT WITH CSV HEADER"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for _chunk in copy:
            first = first or time.monotonic() - started
    seconds = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, first or seconds, peak


def _http(url: str, cookie: str) -> tuple[float, float, float, int]:
    """Stream the export; the peak is the highest resident memory any web worker reached."""
    before = _workers_peak_mb()
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    started = time.monotonic()
    size = 0
    with urllib.request.urlopen(request, timeout=600) as response:
        chunk = response.read(65536)
        first = time.monotonic() - started
        while chunk:
            size += len(chunk)
            chunk = response.read(65536)
    seconds = time.monotonic() - started
    return seconds, first, max(_workers_peak_mb(), before), size


def _workers_peak_mb() -> float:
    """VmHWM of gunicorn's processes: the high-water mark of resident memory."""
    peak = 0.0
    for status in Path("/proc").glob("[0-9]*/status"):
        with contextlib.suppress(OSError):
            cmdline = (status.parent / "cmdline").read_bytes()
            if b"bench.hello_wsgi" not in cmdline:
                continue
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
    return peak
