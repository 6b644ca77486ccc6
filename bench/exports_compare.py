"""Exports against a baseline: total time, time to first byte and peak memory. The export
is fetched over HTTP from gunicorn, as an organizer would. The signer counts' baseline is
PostgreSQL's COPY of the same rows, read by this process through psycopg; the supporter
list's is the list as it was exported before encryption (bench/before.py: COPY of the
plain columns over a plain copy the loader built), fetched the same way, over HTTP."""

import contextlib
import time
import tracemalloc
import urllib.request
from pathlib import Path

EXPORTS = (  # (kind, what the row says)
    ("supporters", "Supporter-list export"),
    ("per_day", "Signer-count export (per day)"),
)


def measure(*, base_url: str, loaded: dict, row) -> list:
    try:
        from reports.exports import export_rows
    except ImportError:
        print("  no CSV export on this branch yet")
        return [row("Supporter-list export", "-", "not built yet", None, "<= 2x", None)]
    from django.urls import reverse

    from bench.run import staff_session_cookie
    from campaigns.models import Campaign

    campaign = Campaign.objects.get(pk=loaded["viral_id"])
    cookie = staff_session_cookie()
    urls = {
        "supporters": reverse("reports:supporters", args=[campaign.slug]),
        "per_day": reverse("reports:export") + "?kind=per_day",
    }
    rows = []
    for kind, label in EXPORTS:
        if kind == "supporters":
            rows.append(_supporters(base_url, urls[kind], cookie, label, loaded, row))
            continue
        sql, params = export_rows(
            kind, campaign=campaign if kind == "supporters" else None
        ).query.sql_with_params()
        copy_seconds, copy_first, copy_peak = _copy(sql, params)
        print(f"  COPY {kind}: {copy_seconds:.1f}s, first byte {copy_first:.2f}s")
        seconds, first, peak, size = _http(f"{base_url}{urls[kind]}", cookie)
        print(
            f"  export {kind}: {seconds:.1f}s, first byte {first:.2f}s, "
            f"web worker peak {peak:.0f} MB, {size / 1e6:.0f} MB of CSV",
            flush=True,
        )
        ratio = seconds / copy_seconds
        rows.append(
            row(
                f"{label}, {loaded['letters']:,} letters (s; first byte; peak RSS)",
                f"COPY {copy_seconds:.2f}s; {copy_first:.2f}s; {copy_peak:.0f} MB",
                f"{seconds:.2f}s; {first:.2f}s; {peak:.0f} MB",
                ratio,
                "<= 1.2x, < 150 MB, first byte < 1 s" if kind == "supporters" else "-",
                ratio <= 1.2 and peak < 150 and first < 1 if kind == "supporters" else None,
            )
        )
    return rows


def _supporters(base_url: str, url: str, cookie: str, label: str, loaded: dict, row):
    """The encrypted list beside the list before encryption, each the best of two,
    alternating (the shared machine's load comes and goes)."""
    before, ours = [], []
    for _ in range(2):
        plain = f"{base_url}/bench/plain-supporters.csv?campaign={loaded['viral_id']}"
        before.append(_http(plain, cookie))
        ours.append(_http(f"{base_url}{url}", cookie))
    b_seconds, b_first, b_peak, b_size = min(before)
    seconds, first, peak, size = min(ours)
    print(
        f"  supporters before encryption: {b_seconds:.2f}s, first byte {b_first:.2f}s, "
        f"{b_size / 1e6:.0f} MB; encrypted: {seconds:.2f}s, first byte {first:.2f}s, "
        f"web worker peak {peak:.0f} MB, {size / 1e6:.0f} MB of CSV",
        flush=True,
    )
    ratio = seconds / b_seconds
    return row(
        f"{label}, {loaded['letters']:,} letters (s; first byte; peak RSS)",
        f"before encryption {b_seconds:.2f}s; {b_first:.2f}s",
        f"{seconds:.2f}s; {first:.2f}s; {peak:.0f} MB",
        ratio,
        "<= 1.2x, < 150 MB, first byte < 1 s",
        ratio <= 1.2 and peak < 150 and first < 1,
    )


def _copy(sql: str, params) -> tuple[float, float, float]:
    """COPY (the export's own query) TO STDOUT, read and dropped by this process: timed
    alone, then again under tracemalloc for the client's peak memory."""
    from django.db import connection

    copy_sql = f"COPY ({sql}) TO STDOUT (FORMAT csv, HEADER)"
    timings = []
    for traced in (False, True):
        if traced:
            tracemalloc.start()
        started, first = time.monotonic(), None
        with connection.cursor() as cursor, cursor.cursor.copy(copy_sql, params) as copy:
            for _block in copy:
                first = first or time.monotonic() - started
        timings.append((time.monotonic() - started, first))
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    seconds, first = timings[0]
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
