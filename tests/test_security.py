"""Production security: Django's deploy checks, headers, cookies, no third parties."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

BASE = Path(settings.BASE_DIR)


def production_env(**overrides) -> dict:
    # Only what production has: not the test run's own switches (browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly refuses).
    dropped = ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env |= {
        "DJANGO_SETTINGS_MODULE": "advocacy.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "action.iclmg.example",
        "SITE_URL": "https://action.iclmg.example",
        "DEBUG": "0",
    }
    return env | overrides


def test_it_passes_check_deploy_with_the_production_settings():
    """`manage.py check --deploy` with production values: not one warning."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_warns_when_links_in_emails_would_point_to_this_machine():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=BASE,
        env=production_env(SITE_URL="", PORT="8000"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "letters.W002" in result.stderr + result.stdout
    assert "SITE_URL is http://127.0.0.1:8000" in result.stderr + result.stdout


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE,
        env=production_env(SECRET_KEY=""),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize("missing", ["FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"])
def test_it_refuses_to_start_in_production_without_the_encryption_keys(missing):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE,
        env=production_env(**{missing: ""}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY are required" in result.stderr


def test_it_uses_https_only_cookies_and_hsts_in_production():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s; "
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
            "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.X_FRAME_OPTIONS, "
            "s.SECURE_REFERRER_POLICY, s.IP_HASH_SALT != '')",
        ],
        cwd=BASE,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == [
        "True", "True", "True", "31536000", "True", "DENY", "same-origin", "True",
    ]  # fmt: skip


@pytest.mark.django_db
def test_it_sends_the_security_headers_on_every_page(client, campaign, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    for url in [
        reverse("campaigns:home"),
        reverse("campaigns:detail", args=[campaign.slug]),
        reverse("privacy:page"),
    ]:
        response = client.get(url, secure=True)
        assert response.status_code == 200
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert not re.search(r"https?://", csp), "no third-party origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
def test_it_loads_nothing_from_another_site_and_runs_no_inline_script(client, campaign, statement):
    """The pages a supporter sees: every src and href to a resource is our own."""
    for url in [
        reverse("campaigns:home"),
        reverse("campaigns:detail", args=[campaign.slug]),
        reverse("campaigns:detail", args=[statement.slug]),
        reverse("campaigns:cosign", args=[statement.slug]),
        reverse("campaigns:statement_print", args=[statement.slug]),
        reverse("campaigns:achievements"),
        reverse("digest:signup"),
        reverse("privacy:page"),
    ]:
        html = client.get(url).content.decode()
        # Links to other sites (sharing) are fine; loading anything from them is not.
        assert not re.search(r"""src=["']?(https?:)?//""", html), url
        for tag in re.findall(r"<link[^>]+>", html):
            if re.search(r"""href=["']?(https?:)?//""", tag):
                assert re.search(r'rel="(canonical|alternate)"', tag), tag
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url


def test_it_has_no_inline_script_or_style_attribute_in_any_site_template():
    """Email templates excepted: a Content-Security-Policy does not apply to mail."""
    for path in (BASE / "templates").rglob("*.html"):
        if "email" in path.parts:
            continue
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert " style=" not in text, path
        assert not re.search(r" on[a-z]+=", text), path


def test_it_logs_no_ip_address_referrer_or_user_agent_in_the_web_server():
    import runpy

    config = runpy.run_path(str(BASE / "gunicorn.conf.py"))
    for field in ("%(h)s", "%(f)s", "%(a)s", "forwarded"):
        assert field not in config["access_log_format"].lower()


def test_it_lists_every_safety_variable_in_env_example():
    text = (BASE / ".env.example").read_text()
    for name in (
        "IP_HASH_SALT", "TRUSTED_PROXY_COUNT", "RATELIMIT_ENABLED", "ANTIBOT_MIN_SECONDS",
        "LETTER_CONFIRMATION_HOURS", "RETENTION_MONTHS", "HOLD_DOMAINS", "LEGACY_LINK_TOKENS",
        "ADMIN_LOGIN_FAILURES", "ADMIN_LOGIN_COOLOFF_MINUTES",
    ):  # fmt: skip
        assert f"\n{name}=" in text


@pytest.mark.django_db
def test_it_lets_the_admin_editor_add_one_style_element_by_nonce_and_no_script(admin_client):
    first = admin_client.get("/admin/")
    nonce = re.search(r"'nonce-([^']+)'", first["Content-Security-Policy"]).group(1)
    assert f'<meta name="trix-csp-nonce" content="{nonce}">' in first.content.decode()
    assert "unsafe-inline" not in first["Content-Security-Policy"]
    assert "script-src 'self'" in first["Content-Security-Policy"].split("; ")
    second = admin_client.get("/admin/")["Content-Security-Policy"]
    assert nonce not in second, "a fresh nonce for every response"
