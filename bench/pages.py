"""The campaign page through the front door: nginx running deploy/nginx.conf.template in
front of the bench's gunicorn, its page cache against nginx serving the very same HTML
as a static file. The ratio says how close a cached page comes to what nginx can do at
all on this machine; gunicorn then sees one request per page every s-maxage."""

import shutil
import subprocess
import urllib.request
from pathlib import Path

from tests.processes import Nginx


def ensure_nginx() -> None:
    """Install Debian's nginx if it is missing (as the bench does for wrk)."""
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], capture_output=True)


def measure(*, base_url: str, page_url: str, out: Path, best_of, row) -> list:
    """Rows: the campaign page from nginx's cache vs the same bytes as a static file."""
    ensure_nginx()
    folder = out / "nginx"
    shutil.rmtree(folder, ignore_errors=True)
    static, media = folder / "static", folder / "media"
    static.mkdir(parents=True)
    media.mkdir()
    upstream = base_url.removeprefix("http://")
    nginx = Nginx(
        folder / "server", upstream=upstream, static_root=static, media_root=media, workers="auto"
    ).start()
    try:
        path = page_url.removeprefix(base_url)
        cached_url = nginx.url + path
        with urllib.request.urlopen(cached_url, timeout=30) as response:
            page = response.read()
        with urllib.request.urlopen(cached_url, timeout=30) as response:
            assert response.headers["X-Cache"] == "HIT", "nginx did not cache the campaign page"
        (static / "campaign.html").write_bytes(page)
        static_file, cached = best_of(
            ("same HTML as a static file", f"{nginx.url}/static/campaign.html"),
            ("campaign page, nginx cache", cached_url),
        )
    finally:
        nginx.stop()
    ratio = cached.rps / static_file.rps
    return [
        row(
            "Campaign page through nginx's cache (req/s; p50/p99 ms)",
            f"static file {static_file.rps:,.0f}; "
            f"{static_file.p50_ms:.1f}/{static_file.p99_ms:.1f}",
            f"{cached.rps:,.0f}; {cached.p50_ms:.1f}/{cached.p99_ms:.1f}",
            ratio,
            ">= 0.8x",
            ratio >= 0.8 and cached.errors == 0,
        )
    ]
