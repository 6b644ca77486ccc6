"""bin/run, what `make run` serves the site with, keeps it whole: a child that dies (the
web server, the delivery loop) is started again with a line in the log; one that keeps
dying stops everything with a message; Ctrl-C or SIGTERM stops everything, and no
process is left behind (runserver's reloaded server included)."""

import os
import re
import signal
import socket
import subprocess
import time

import pytest
import requests

from tests.fresh_checkout import Site, fresh_checkout, shell_env, wait_until
from tests.test_make_run_flood import (
    HARKAT,
    Browser,
    mail_by_letter,
    pause_after,
    person,
    site_secret,
)

pytestmark = pytest.mark.services  # runs make run's own processes, on the real clock

STARTED = re.compile(r"bin/run: started the (web server|delivery loop) \(pid (\d+)\)")


def started(output: str) -> dict[str, int]:
    """The pid each child was last started with."""
    return {name: int(pid) for name, pid in STARTED.findall(output)}


def group_gone(pid: int) -> bool:
    """No process is left in the child's process group (it leads one of its own)."""
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def answers(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=2).text == "ok"
    except requests.RequestException:
        return False


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(
        fresh_checkout(tmp_path_factory.mktemp("bin-run") / "advocacy"),
        REPRESENT_URL="http://127.0.0.1:9",
    )
    yield site
    site.stop()


def test_it_starts_a_dead_child_again_and_the_site_keeps_sending(site):
    first = started(site.output())

    os.kill(first["delivery loop"], signal.SIGKILL)
    # The web server's reloader dies; the server it started would hold the port.
    os.kill(first["web server"], signal.SIGKILL)

    wait_until(
        lambda: (
            started(site.output()).keys() == first.keys()
            and set(started(site.output()).values()).isdisjoint(first.values())
            and answers(site.url)
        ),
        timeout=60,
        what="bin/run to start both again",
        log=site.log,
    )
    output = site.output()
    assert (
        "bin/run: the delivery loop exited (killed by signal 9); starting it again in 1 s" in output
    )
    assert re.search(r"bin/run: the web server exited \(.+\); starting it again in 1 s", output)
    assert group_gone(first["web server"]) and group_gone(first["delivery loop"])

    browser = Browser(site.url, "127.0.0.1")
    form, reviewed = browser.review(HARKAT, person(1)), time.monotonic()
    pause_after(reviewed)
    sent = browser.send(HARKAT, form)
    assert sent.status == 302
    secret = site_secret(site.checkout)
    wait_until(
        lambda: (
            sent.public_id
            in mail_by_letter(
                site.checkout / "var" / "mail", secret=secret, public_ids={sent.public_id}
            )
        ),
        timeout=30,
        what="the restarted delivery loop to send the letter",
        log=site.log,
    )


def test_it_stops_everything_on_ctrl_c_and_leaves_nothing_behind(site):
    children = started(site.output())

    os.killpg(site.proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal sends

    site.proc.wait(timeout=30)
    wait_until(
        lambda: all(group_gone(pid) for pid in children.values()),
        timeout=30,
        what="every child of bin/run to stop",
        log=site.log,
    )
    assert "bin/run: SIGINT received; stopping the site" in site.output()
    assert "bin/run: stopped" in site.output()
    assert not answers(site.url)


def test_it_stops_everything_when_a_child_keeps_dying(tmp_path):
    checkout = fresh_checkout(tmp_path / "advocacy")
    with socket.socket() as taken:  # another program holds the port: runserver cannot start
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            ["./bin/run"],
            cwd=checkout,
            env=shell_env(PORT=port, DEBUG=1, PY=".venv/bin/python"),
            capture_output=True,
            text=True,
            timeout=120,
            start_new_session=True,
        )

    output = run.stdout + run.stderr
    assert run.returncode == 1
    assert output.count("Error: That port is already in use.") == 5
    assert "bin/run: the web server exited (exit status 1); starting it again in 8 s" in output
    assert (
        "bin/run: the web server exited 5 times within a minute (last: exit status 1); "
        "stopping the site. The lines above say why."
    ) in output
    assert all(group_gone(pid) for pid in started(output).values())
