"""The load generator: wrk from Debian's packages, installed if missing, with a small
threaded Python generator as a fallback where it cannot be installed."""

import http.client
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CONNECTIONS = 32
SUBMIT_LUA = Path(__file__).with_name("submit.lua")


@dataclass
class Load:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors, timeouts, and responses other than the one expected
    tool: str
    output: str = ""  # the load generator's own report


def ensure_wrk() -> bool:
    """Install Debian's wrk if it is missing; False when that is not possible."""
    if shutil.which("wrk"):
        return True
    apt = ["apt-get", "install", "-y", "-qq", "wrk"]
    subprocess.run(apt, capture_output=True, check=False)
    return bool(shutil.which("wrk"))


def run(
    url: str,
    *,
    seconds: float,
    connections: int = CONNECTIONS,
    expect: int = 200,
    form: dict | None = None,
) -> Load:
    """Hammer `url` for `seconds`: a GET, or with `form`, a POST of the letter form whose
    email is made unique per request (see submit.lua)."""
    if ensure_wrk():
        return _wrk(url, seconds=seconds, connections=connections, expect=expect, form=form)
    return _python(url, seconds=seconds, connections=connections, expect=expect, form=form)


def _wrk(url, *, seconds, connections, expect, form) -> Load:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    command += ["-s", str(SUBMIT_LUA), url, "--", str(expect)]
    if form:
        command += [_encode(form), form["__cookie"]]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    requests, elapsed, unit = re.search(r"(\d+) requests in ([\d.]+)(\w+)", out).groups()
    seconds_taken = float(elapsed) * {"ms": 0.001, "s": 1, "m": 60}[unit]
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    unexpected = int(re.search(r"unexpected (\d+)", out).group(1))
    return Load(
        requests=int(requests),
        seconds=seconds_taken,
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50_ms=_ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        p99_ms=_ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
        errors=unexpected + (sum(int(n) for n in socket.groups()) if socket else 0),
        tool="wrk",
        output=out,
    )


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _encode(form: dict) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in form.items() if not k.startswith("__")})


def _python(url, *, seconds, connections, expect, form) -> Load:
    """Threads with keep-alive connections: slower than wrk, so it understates the server."""
    parts = urlsplit(url)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(n: int) -> None:
        count = 0
        while time.monotonic() < deadline:
            count += 1
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            started = time.perf_counter()
            try:
                if form:
                    body = _encode(form).replace("EMAIL", f"py-{n}-{count}")
                    headers = {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"csrftoken={form['__cookie']}",
                    }
                    conn.request("POST", parts.path, body, headers)
                else:
                    conn.request("GET", parts.path)
                status = conn.getresponse().status
                ok = status == expect
            except OSError:
                ok = False
            finally:
                conn.close()
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += not ok

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return Load(
        requests=len(latencies),
        seconds=elapsed,
        rps=len(latencies) / elapsed,
        p50_ms=latencies[len(latencies) // 2] * 1000,
        p99_ms=latencies[int(len(latencies) * 0.99)] * 1000,
        errors=errors[0],
        tool="python threads",
    )
