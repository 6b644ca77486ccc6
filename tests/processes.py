"""Real server processes for the tests that need them: a private Redis that can be
paused and killed (and a relay in front of one that can cut a single command),
gunicorn as gunicorn.conf.py runs it, and nginx with the deployment's own
configuration (deploy/nginx.conf.template). Each binds a free loopback port chosen
at run time, so two suites can run at once."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def program(name: str) -> str:
    """The path of a Debian program the test needs (nginx lives in /usr/sbin, which is not
    on everyone's PATH); a missing one skips the test, or fails it under REQUIRE_SERVICES=1."""
    from tests.conftest import skip_or_fail

    found = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()), None
    )
    if found is None:
        skip_or_fail(f"{name} is not installed (.ci/run installs it)")
    return found


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
        command = [program("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
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


class RedisRelay:
    """A TCP relay to a Redis, on a free port, that cuts any connection that sends a
    given command: what that command's client sees when Redis goes away just then,
    while its other connections carry on."""

    def __init__(self, redis_port: int):
        self.redis_port = redis_port
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.cutting = b""
        self.cut = 0  # connections cut so far
        self.sockets: list[socket.socket] = []

    def start(self) -> "RedisRelay":
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def cut_on(self, command: str) -> None:
        """Cut every connection that sends `command` from now on ("": none)."""
        # As RESP sends a command's name: a bulk string of its own line.
        self.cutting = f"\r\n{command}\r\n".encode() if command else b""

    def stop(self) -> None:
        self.server.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:  # closed by stop()
                return
            upstream = socket.create_connection(("127.0.0.1", self.redis_port))
            self.sockets += [client, upstream]
            for pair in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pump, args=pair, daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, watched: bool) -> None:
        last = b""
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if watched and self.cutting and self.cutting in last[-16:] + data:
                    self.cut += 1
                    break
                target.sendall(data)
                last = data
        for sock in (source, target):  # the other direction's pump ends with it
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        source.close()


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


def collect_static(folder: Path) -> Path:
    """collectstatic with production settings into folder (once): gunicorn with DEBUG off
    needs its manifest, and nginx serves what it wrote."""
    if not (folder / "staticfiles.json").exists():
        env = production_env(STATIC_ROOT=str(folder))
        command = [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
    return folder


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


NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


def render_nginx_template(**values: str) -> str:
    """deploy/nginx.conf.template with its ${NAME}s filled, as the nginx image's
    envsubst fills them (only the names given; nginx's own $variables stay)."""
    text = NGINX_TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace("${" + name + "}", value)
    assert "${" not in text, "a ${...} of the template was left unfilled"
    return text


class Nginx:
    """Debian's nginx with the deployment's configuration, in front of `upstream`.

    The wrapper around the template is what the nginx image's own nginx.conf does:
    mime types, and the template included inside http {}. Everything nginx writes
    (temporary bodies, cached pages, logs) stays in `folder`.
    """

    def __init__(
        self,
        folder: Path,
        *,
        upstream: str,
        static_root: Path,
        media_root: Path,
        workers: str = "1",
    ):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.body_temp = folder / "client_body"
        self.cache_dir = folder / "cache"
        for path in (self.body_temp, self.cache_dir, folder / "proxy_temp"):
            path.mkdir(parents=True, exist_ok=True)
        site = render_nginx_template(
            NGINX_PORT=f"127.0.0.1:{self.port}",
            UPSTREAM=upstream,
            STATIC_ROOT=str(static_root),
            MEDIA_ROOT=str(media_root),
            CACHE_DIR=str(self.cache_dir),
            ACCESS_LOG=str(folder / "access.log"),
        )
        (folder / "site.conf").write_text(site)
        # Run as root (CI), nginx's workers would otherwise switch to a user who cannot
        # reach a test's private folders.
        user = f"user {_user_name()};" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"""{user}
daemon off;
worker_processes {workers};
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {self.body_temp};
    proxy_temp_path {folder}/proxy_temp;
    fastcgi_temp_path {folder}/fastcgi_temp;
    uwsgi_temp_path {folder}/uwsgi_temp;
    scgi_temp_path {folder}/scgi_temp;
    include {folder}/site.conf;
}}
"""
        )
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Nginx":
        command = [program("nginx"), "-p", str(self.folder), "-e", str(self.folder / "error.log")]
        command += ["-c", str(self.folder / "nginx.conf")]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_for(self._listening, timeout=20, what=f"nginx (log: {self.folder}/error.log)")
        return self

    def _listening(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"nginx exited: {self.proc.stderr.read().decode()}")
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def _user_name() -> str:
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name
