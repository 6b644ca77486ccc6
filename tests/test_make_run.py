"""The first hour on a fresh clone: `make run`, the first staff account, the admin."""

import re
import shutil
import subprocess

import pytest
import requests

from tests.fresh_checkout import BASE, Site, fresh_checkout, shell_env

pytestmark = pytest.mark.services  # runs the site's own processes, on the real clock


def make_env(path):
    shutil.copy(BASE / "Makefile", path / "Makefile")
    return subprocess.run(
        ["make", ".env"], cwd=path, env=shell_env(), capture_output=True, text=True, check=True
    )


def test_it_writes_development_settings_with_a_fresh_secret_once(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    make_env(first), make_env(second)

    settings = [(p / ".env").read_text() for p in (first, second)]
    keys = [re.search(r"^SECRET_KEY=(\S+)$", s, re.M).group(1) for s in settings]
    assert all(re.search(r"^DEBUG=1$", s, re.M) for s in settings)
    assert len(keys[0]) >= 50
    assert keys[0] != keys[1], "each checkout gets its own secret"


def test_it_never_overwrites_an_existing_env(tmp_path):
    (tmp_path / ".env").write_text("SECRET_KEY=mine\nSITE_URL=https://action.example\n")

    make_env(tmp_path)

    assert (tmp_path / ".env").read_text() == "SECRET_KEY=mine\nSITE_URL=https://action.example\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(fresh_checkout(tmp_path_factory.mktemp("first-hour") / "advocacy"))
    yield site
    site.stop()


def log_in(url: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{url}/admin/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(
        f"{url}/admin/login/?next=/admin/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        timeout=10,
    )
    assert response.status_code == 200, response.text[:2000]
    assert response.url == f"{url}/admin/"
    return session


def test_it_lets_the_first_staff_account_log_in_after_make_run(site):
    """README's first steps: make run, createsuperuser from a plain shell, /admin/."""
    assert re.search(r"^DEBUG=1$", (site.checkout / ".env").read_text(), re.M)

    created = site.manage(
        "createsuperuser",
        "--noinput",
        DJANGO_SUPERUSER_USERNAME="ada",
        DJANGO_SUPERUSER_PASSWORD="a long and unguessable passphrase",
        DJANGO_SUPERUSER_EMAIL="ada@iclmg.example",
    )
    assert created.returncode == 0, created.stderr
    session = log_in(site.url, "ada", "a long and unguessable passphrase")

    admin = session.get(f"{site.url}/admin/", timeout=10)
    assert "Log out" in admin.text
    assert "Campaigns" in admin.text
