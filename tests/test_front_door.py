"""The front door with real processes: Debian's nginx running deploy/nginx.conf.template
(the file docker-compose gives the nginx image) in front of gunicorn running
gunicorn.conf.py with production settings, each on a free port, on the test database.

Slow clients, oversized bodies, static and uploaded files, the headers nginx sets and
the page cache, as a visitor (or an attacker) meets them."""

import hashlib
import hmac
import http.client
import json
import socket
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from campaigns.models import Campaign
from letters.models import Letter
from tests.conftest import letter_data, make_letter_campaign
from tests.processes import Gunicorn, Nginx, collect_static, production_env

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

IP_HASH_SALT = "front-door-test-salt"


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("front-door-files")
    static = collect_static(tmp_path_factory.getbasetemp() / "collected-static")
    media, spool = root / "media", root / "gunicorn-tmp"
    (media / "logos").mkdir(parents=True)
    (media / "logos" / "iclmg.png").write_bytes(b"\x89PNG\r\n\x1a\nlogo")
    spool.mkdir()
    return {"root": root, "static": static, "media": media, "spool": spool}


def start_front_door(folder: Path, files: dict, **env: str) -> tuple[Gunicorn, Nginx]:
    """gunicorn (2 sync workers: what 8 slow clients would jam) behind nginx."""
    folder.mkdir(parents=True, exist_ok=True)
    environment = production_env(
        TRUSTED_PROXY_COUNT="1",
        IP_HASH_SALT=IP_HASH_SALT,
        ANTIBOT_MIN_SECONDS="0",
        TMPDIR=str(files["spool"]),  # where Django would spool an upload
        STATIC_ROOT=str(files["static"]),
        MEDIA_ROOT=str(files["media"]),
        **env,
    )
    gunicorn = Gunicorn(environment, log=folder / "gunicorn.log", workers=2).start()
    try:
        nginx = Nginx(
            folder / "nginx",
            upstream=f"127.0.0.1:{gunicorn.port}",
            static_root=files["static"],
            media_root=files["media"],
        ).start()
    except Exception:
        gunicorn.stop()
        raise
    return gunicorn, nginx


@pytest.fixture(scope="module")
def front_door(django_db_setup, django_db_blocker, files):
    with django_db_blocker.unblock():
        gunicorn, nginx = start_front_door(files["root"] / "servers", files)
    yield {"gunicorn": gunicorn, "nginx": nginx}
    nginx.stop()
    gunicorn.stop()


def fetch(url: str, *, timeout: float = 10, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


# Slow clients ------------------------------------------------------------------------


class Trickle(threading.Thread):
    """A client that sends a request one byte every two seconds: headers that never
    end, or a body that never ends."""

    def __init__(self, port: int, *, part: str):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        if part == "body":
            self.sock.sendall(
                b"POST /campaigns/slow/review/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
            )
        else:
            self.sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        self.done = threading.Event()

    def run(self):
        while not self.done.wait(2):
            try:
                self.sock.sendall(b"a")
            except OSError:
                return  # the server hung up on us, as it should

    def stop(self):
        self.done.set()
        self.sock.close()


def attack(port: int) -> list[Trickle]:
    clients = [Trickle(port, part=part) for part in ["headers", "body"] * 4]
    for client in clients:
        client.start()
    return clients


def probe_healthz(url: str) -> float | None:
    """Seconds /healthz took to answer 200, or None when it did not within 1 s."""
    started = time.monotonic()
    try:
        status, _, _ = fetch(f"{url}/healthz", timeout=1)
    except OSError:
        return None
    return time.monotonic() - started if status == 200 else None


def test_it_answers_healthz_within_a_second_while_eight_slow_clients_trickle(front_door):
    gunicorn, nginx = front_door["gunicorn"], front_door["nginx"]

    # gunicorn alone: its two sync workers wait on two of the slow clients.
    clients = attack(gunicorn.port)
    try:
        time.sleep(1)
        assert probe_healthz(gunicorn.url) is None, "the attack should jam gunicorn alone"
    finally:
        for client in clients:
            client.stop()
    assert probe_healthz_soon(gunicorn.url), "gunicorn recovers once they go"

    # Through nginx, which reads every request whole before gunicorn sees it.
    clients = attack(nginx.port)
    answers = []
    try:
        deadline = time.monotonic() + 14  # past client_header_timeout (10 s)
        while time.monotonic() < deadline:
            answers.append(probe_healthz(nginx.url))
            time.sleep(0.5)
    finally:
        for client in clients:
            client.stop()

    assert len(answers) >= 10
    assert None not in answers, f"/healthz did not answer within 1 s: {answers}"
    print(f"\n/healthz through nginx under attack: slowest {max(answers) * 1000:.0f} ms")


def probe_healthz_soon(url: str) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if probe_healthz(url) is not None:
            return True
        time.sleep(0.2)
    return False


# Oversized bodies ----------------------------------------------------------------------


def send_huge_upload(port: int, *, chunked: bool = False) -> int:
    """Start a 1 GiB multipart upload with a bogus CSRF cookie; the status of the answer."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    length = b"Transfer-Encoding: chunked" if chunked else b"Content-Length: 1073741824"
    sock.sendall(
        b"POST /campaigns/anything/send/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Cookie: csrftoken=bogus\r\n"
        b"Content-Type: multipart/form-data; boundary=xyz\r\n" + length + b"\r\n\r\n"
    )
    chunk = b"x" * 65536
    try:
        for _ in range(16 * 1024 * 1024 // len(chunk)):  # up to 16 MiB, or until refused
            sock.sendall(b"10000\r\n" + chunk + b"\r\n" if chunked else chunk)
    except OSError:
        pass  # refused and closed while we were still sending
    response = http.client.HTTPResponse(sock)
    response.begin()
    sock.close()
    return response.status


def files_under(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def test_it_refuses_a_huge_upload_in_nginx_without_writing_it(front_door, files):
    nginx = front_door["nginx"]

    assert send_huge_upload(nginx.port) == 413
    assert send_huge_upload(nginx.port, chunked=True) == 413

    assert files_under(nginx.body_temp) == []
    assert files_under(files["spool"]) == []


def test_it_refuses_a_huge_upload_in_django_without_writing_it(front_door, files):
    """Without nginx in front, Django refuses it from its Content-Length, before the CSRF
    check reads the form (which would spool it to disk first)."""
    assert send_huge_upload(front_door["gunicorn"].port) == 413
    assert files_under(files["spool"]) == []


# Files, headers, the page cache ---------------------------------------------------------


def test_it_serves_static_and_uploaded_files_itself(front_door, files):
    nginx = front_door["nginx"]
    manifest = json.loads((files["static"] / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]

    status, headers, body = fetch(f"{nginx.url}/static/{hashed}")
    assert (status, body) == (200, (files["static"] / hashed).read_bytes())
    assert headers["Content-Type"] == "text/css"
    assert "immutable" in headers["Cache-Control"]

    status, headers, body = fetch(f"{nginx.url}/media/logos/iclmg.png")
    assert (status, body) == (200, b"\x89PNG\r\n\x1a\nlogo")
    assert headers["Content-Type"] == "image/png"
    assert "sandbox" in headers["Content-Security-Policy"]
    assert fetch(f"{nginx.url}/media/logos/missing.png")[0] == 404


def test_it_tells_the_site_the_address_it_saw_whatever_the_client_claims(
    front_door, minister_goodale
):
    campaign = make_letter_campaign(minister_goodale, slug="proxy-headers")
    nginx = front_door["nginx"]
    conn = http.client.HTTPConnection(
        "127.0.0.1", nginx.port, timeout=10, source_address=("127.0.0.7", 0)
    )
    form = urllib.parse.urlencode(letter_data())
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-For": "203.0.113.66",  # forged by the client
    }
    conn.request("POST", reverse("letters:review", args=[campaign.slug]), form, headers)
    review = conn.getresponse()
    page = review.read().decode()
    assert review.status == 200, page[:3000]
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    cookie = review.getheader("Set-Cookie").split(";")[0]
    conn.request(
        "POST",
        reverse("letters:send", args=[campaign.slug]),
        form + f"&csrfmiddlewaretoken={token}",
        {**headers, "Cookie": cookie},
    )
    assert conn.getresponse().status == 302

    expected = hmac.new(IP_HASH_SALT.encode(), b"127.0.0.7", hashlib.sha256).hexdigest()
    assert Letter.objects.get().ip_hash == expected


def test_it_caches_the_anonymous_page_for_everyone(front_door, minister_goodale):
    campaign = make_letter_campaign(minister_goodale, slug="cached-page")
    url = front_door["nginx"].url + campaign.get_absolute_url()

    first = fetch(url)
    second = fetch(url)
    shared = fetch(url + "?utm_source=newsletter&fbclid=abc")

    assert first[1]["X-Cache"] == "MISS"
    assert second[1]["X-Cache"] == "HIT"
    assert shared[1]["X-Cache"] == "HIT"
    assert first[2] == second[2] == shared[2]
    for _, headers, _ in (first, second):
        assert "Set-Cookie" not in headers
        assert "s-maxage=30" in headers["Cache-Control"]


def test_it_gives_staff_their_own_page(front_door, minister_goodale):
    campaign = make_letter_campaign(minister_goodale, slug="staff-page")
    url = front_door["nginx"].url + campaign.get_absolute_url()
    fetch(url)

    status, headers, _ = fetch(url, Cookie="sessionid=abc")

    assert status == 200
    assert headers["X-Cache"] == "BYPASS"
    assert "private" in headers["Cache-Control"]


def test_it_keeps_each_language_of_a_page_apart(front_door, minister_goodale):
    campaign = make_letter_campaign(minister_goodale, slug="two-languages", slug_fr="deux-langues")
    nginx = front_door["nginx"]

    for language in ("en", "fr"):
        with translation.override(language):
            url = nginx.url + campaign.get_absolute_url()
        seen = [fetch(url), fetch(url)]
        assert [headers["X-Cache"] for _, headers, _ in seen] == ["MISS", "HIT"]
        assert all(f'<html lang="{language}">'.encode() in body for _, _, body in seen)

    # The old address without a language sends each visitor to theirs: never cached.
    old = f"{nginx.url}/campaigns/two-languages/"
    for language, prefix in [("fr", "/fr/"), ("en", "/en/"), ("fr", "/fr/")]:
        request = urllib.request.Request(old, headers={"Accept-Language": language})
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(request, timeout=10)
        assert redirect.value.code == 302
        assert urllib.parse.urlsplit(redirect.value.headers["Location"]).path.startswith(prefix)
        assert redirect.value.headers["X-Cache"] != "HIT"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_it_keeps_the_live_count_a_few_seconds(front_door, minister_goodale):
    campaign = make_letter_campaign(minister_goodale, slug="live-count")
    url = front_door["nginx"].url + reverse("campaigns:count", args=[campaign.slug])

    first, second = fetch(url), fetch(url)

    assert (first[1]["X-Cache"], second[1]["X-Cache"]) == ("MISS", "HIT")
    assert "s-maxage=5" in first[1]["Cache-Control"]


def test_it_serves_the_page_it_holds_while_the_site_is_down(
    files, tmp_path, minister_goodale, django_db_blocker
):
    campaign = make_letter_campaign(minister_goodale, slug="while-down")
    gunicorn, nginx = start_front_door(tmp_path, files, CAMPAIGN_PAGE_CACHE_SECONDS="1")
    try:
        url = nginx.url + campaign.get_absolute_url()
        assert fetch(url)[1]["X-Cache"] == "MISS"
        time.sleep(1.5)  # past its s-maxage
        gunicorn.stop()

        status, headers, body = fetch(url)
    finally:
        nginx.stop()
        gunicorn.stop()

    assert status == 200
    assert headers["X-Cache"] == "STALE"
    assert campaign.title.encode() in body
    assert Campaign.objects.filter(slug="while-down").exists()


# Logs --------------------------------------------------------------------------------


def test_it_logs_no_secret_of_a_link_in_nginx_or_gunicorn(front_door, files):
    """Issue 21: web logs held erase tokens. The paths of the links in supporters'
    emails and of a letter's pages reach both logs with their secret as [...] / […]."""
    nginx = front_door["nginx"]
    secret = "K3y0fTh3L3tt3r:s1gn4tur3"
    letter = "8a9b6c8e-1234-4000-8000-00000000abcd"
    for path in (
        f"/en/privacy/erase/{secret}/",
        f"/privacy/unsubscribe/{secret}/",
        f"/en/letters/confirm/{secret}/",
        f"/en/letters/{letter}/thanks/",
    ):
        status, _headers, _body = fetch(nginx.url + path + "?email=jane@example.com")
        assert status in (404, 410), path

    nginx_log = logged(nginx, "/en/letters/[...]/thanks/")
    gunicorn_log = (files["root"] / "servers" / "gunicorn.log").read_text()
    assert '"GET /en/privacy/erase/[...]/" 404' in nginx_log
    assert "/en/letters/[...]/thanks/" in nginx_log
    assert "/en/privacy/erase/[…]/" in gunicorn_log
    for log in (nginx_log, gunicorn_log):
        assert "K3y0fTh3L3tt3r" not in log and "s1gn4tur3" not in log
        assert letter not in log and "00000000abcd" not in log
        assert "jane@example.com" not in log


def test_it_logs_the_requests_gunicorn_answers_and_not_the_pages_from_the_cache(
    front_door, minister_goodale
):
    campaign = make_letter_campaign(minister_goodale, slug="read-often")
    nginx = front_door["nginx"]
    url = nginx.url + campaign.get_absolute_url()

    seen = [fetch(url)[1]["X-Cache"] for _ in range(5)]
    fetch(nginx.url + "/en/no-such-page/")

    assert seen == ["MISS", "HIT", "HIT", "HIT", "HIT"]
    log = logged(nginx, "/en/no-such-page/")
    assert log.count(f'"GET {campaign.get_absolute_url()}" 200') == 1


def logged(nginx: Nginx, last: str, timeout: float = 5) -> str:
    """nginx's access log once `last` is in it (nginx writes it every second)."""
    deadline = time.monotonic() + timeout
    while True:
        text = (nginx.folder / "access.log").read_text()
        if last in text or time.monotonic() > deadline:
            return text
        time.sleep(0.1)
