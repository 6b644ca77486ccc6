"""Real server processes for the tests that need them: a private Redis that can be
paused and killed, gunicorn as gunicorn.conf.py runs it, and nginx with the
deployment's own configuration (deploy/nginx.conf.template). Each binds a free
loopback port chosen at run time, so two suites can run at once."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


class PrivateRedis:
    """redis-server on a free port, never the shared one: it is paused and killed."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "PrivateRedis":
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=1, socket_timeout=1)
        wait_for(lambda: _pings(client), timeout=10, what="the private Redis")
        return self

    def pause(self) -> None:
        """SIGSTOP: connections are accepted by the kernel and never answered."""
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGCONT)  # a stopped process dies only once it runs
        self.proc.kill()
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.kill()


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.RedisError:
        return False


def child_database_url(application_name: str = "") -> str:
    """DATABASE_URL of the database pytest-django created, for another process."""
    db = settings.DATABASES["default"]
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    url = f"postgres://{quote(db['USER'])}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return url + (f"?application_name={application_name}" if application_name else "")


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production-like process: DEBUG off, production settings,
    the test database; nothing leaves the machine."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="advocacy.settings",
        DEBUG="0",
        SECRET_KEY="process-test-secret-key-not-for-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",  # loopback http; production sits behind TLS
        SITE_URL="http://127.0.0.1",
        DATABASE_URL=child_database_url(),
        REDIS_URL="",
        EMAIL_URL="",
        EMAIL_PROVIDER="",
        REPRESENT_URL="http://127.0.0.1:9",
        LOG_LEVEL="WARNING",
    )
    env.update(overrides)
    return env


class Gunicorn:
    """gunicorn with gunicorn.conf.py, as docker-compose's `web` runs it, on a free port."""

    def __init__(self, env: dict[str, str], log: Path, workers: int = 2):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "WEB_CONCURRENCY": str(workers)}
        self.log = log
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Gunicorn":
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [gunicorn, "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}"]
        self._log = self.log.open("ab")
        self.proc = subprocess.Popen(
            [*command, "advocacy.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self._ready, timeout=60, what=f"gunicorn (log: {self.log})")
        return self

    def _ready(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-3000:]}")
        return _answers(f"{self.url}/healthz")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
            self._log.close()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False
