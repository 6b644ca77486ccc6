"""A fresh checkout of this working tree, served by the real `make run`.

What a newcomer gets: no `.env`, no database, no services, the environment of a
plain shell. The copy shares this checkout's `.venv` (its `pyproject.toml` is
dated before the install, so `make` installs nothing) and runs its own code, its
own SQLite database and its own `var/mail/`.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests
from django.conf import settings

BASE = Path(settings.BASE_DIR)
# What a fresh clone has: the tracked files, not what running it leaves behind.
LEFT_BEHIND = shutil.ignore_patterns(
    ".venv", "node_modules", ".git", "var", "db.sqlite3*", ".env", "media", "staticfiles",
    "__pycache__", ".pytest_cache", ".ruff_cache", "*.egg-info", "out",
)  # fmt: skip
# A plain shell's variables: none of the test run's own (DATABASE_URL, REDIS_URL,
# DJANGO_SETTINGS_MODULE, SECRET_KEY...) reaches the site.
SHELL = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "LOGNAME")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fresh_checkout(path: Path) -> Path:
    shutil.copytree(BASE, path, ignore=LEFT_BEHIND, symlinks=True)
    (path / ".venv").symlink_to(BASE / ".venv")
    for name in ("pyproject.toml", "package.json"):
        if (path / name).exists():
            os.utime(path / name, (0, 0))  # older than .venv/.installed: nothing to install
    return path


def shell_env(**variables) -> dict:
    env = {k: os.environ[k] for k in SHELL if k in os.environ}
    return env | {k: str(v) for k, v in variables.items()}


def wait_until(condition, *, timeout: float, what: str, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{tail}")


class Site:
    """`make run` in a fresh checkout, on a free port, until stop()."""

    def __init__(self, checkout: Path, **variables):
        self.checkout = checkout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = checkout / "make-run.log"
        self.env = shell_env(PORT=self.port, **variables)
        self.proc = subprocess.Popen(
            ["make", "run"],
            cwd=checkout,
            env=self.env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, stopped as a whole
        )
        wait_until(self.answers, timeout=120, what=f"make run on {self.url}", log=self.log)

    def answers(self) -> bool:
        if self.proc.poll() is not None:
            raise AssertionError(f"make run exited ({self.proc.returncode}):\n{self.output()}")
        try:
            return requests.get(f"{self.url}/healthz", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def manage(self, *args: str, **variables) -> subprocess.CompletedProcess:
        """A manage.py command in the checkout, from a plain shell (as README says)."""
        return subprocess.run(
            [".venv/bin/python", "manage.py", *args],
            cwd=self.checkout,
            env=self.env | {k: str(v) for k, v in variables.items()},
            capture_output=True,
            text=True,
            timeout=120,
        )

    def stop(self) -> None:
        """The whole process group, even children that outlived make."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.proc.wait(timeout=20)
                wait_until(lambda: not self.group_alive(), timeout=20, what="make run to stop")
                return
            except (subprocess.TimeoutExpired, AssertionError):
                continue

    def group_alive(self) -> bool:
        try:
            os.killpg(self.proc.pid, 0)
        except ProcessLookupError:
            return False
        return True
