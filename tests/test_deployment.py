"""docker-compose.yml cannot run here (no Docker engine), so its shape is checked instead;
nginx with the same configuration runs in tests/test_front_door.py."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings

COMPOSE = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_it_defines_every_service_the_readme_names():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    for name in ("nginx", "web", "worker", "beat", "db", "redis", "mailcatcher"):
        assert name in SERVICES
        assert f"`{name}`" in readme


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_it_runs_web_and_background_jobs_from_one_image_and_configuration(name):
    web, other = SERVICES["web"], SERVICES[name]
    assert other["image"] == web["image"]
    assert other["env_file"] == web["env_file"]
    assert other["environment"] == web["environment"]


def test_it_health_checks_the_long_running_services():
    for name in ("nginx", "web", "worker", "db", "redis"):
        assert "healthcheck" in SERVICES[name]


def test_it_keeps_data_in_named_volumes():
    assert {"pgdata", "redisdata", "static", "media"} <= set(COMPOSE["volumes"])


def test_it_exposes_nginx_alone():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    staging_only = {n for n in published if "staging" in SERVICES[n].get("profiles", [])}
    assert published - staging_only == {"nginx"}
    assert SERVICES["web"]["expose"] == ["8000"]
    assert SERVICES["nginx"]["environment"]["UPSTREAM"] == "web:8000"


def test_it_gives_nginx_the_repositorys_configuration_and_the_files_it_serves():
    nginx = SERVICES["nginx"]
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in nginx["volumes"]}
    assert mounts["/etc/nginx/templates/default.conf.template"] == "./deploy/nginx.conf.template"
    assert mounts[nginx["environment"]["STATIC_ROOT"]] == "static"
    assert mounts[nginx["environment"]["MEDIA_ROOT"]] == "media"
    web_mounts = {
        volume.split(":")[0]: volume.split(":")[1] for volume in SERVICES["web"]["volumes"]
    }
    assert web_mounts["static"] == "/app/staticfiles"
    assert web_mounts["media"] == "/app/media"
    assert "collectstatic" in SERVICES["web"]["command"]


def test_it_trusts_the_one_proxy_in_front():
    assert SERVICES["web"]["environment"]["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"


def test_it_tells_the_site_who_the_client_is_in_the_headers_the_readme_names():
    template = (Path(settings.BASE_DIR) / "deploy" / "nginx.conf.template").read_text()
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    for header, value in [
        ("X-Forwarded-For", "$proxy_add_x_forwarded_for"),
        ("X-Forwarded-Proto", "$scheme"),
        ("Host", "$host"),
    ]:
        assert f"proxy_set_header {header} {value};" in template
        assert f"`{header}`" in readme


def test_it_caps_bodies_at_the_same_size_in_nginx_and_django():
    template = (Path(settings.BASE_DIR) / "deploy" / "nginx.conf.template").read_text()
    size = re.search(r"client_max_body_size (\d+)m;", template).group(1)
    assert int(size) * 1024 * 1024 == settings.MAX_REQUEST_BODY_BYTES


def test_it_answers_the_health_check(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_it_answers_the_health_check_to_a_probe_by_address_over_plain_http(client, db, settings):
    settings.ALLOWED_HOSTS = ["campaigns.iclmg.example"]
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert client.get("/", HTTP_HOST="10.0.0.7:8000").status_code == 400


# What gunicorn's master does before it forks: a worker it forks (a recycled one too)
# must not spend its first request importing the views, nor share a connection.
WARM_MASTER = r"""
import runpy, sys, types
import django
django.setup()
from django.db import connections
config = runpy.run_path("gunicorn.conf.py")
config["when_ready"](types.SimpleNamespace(cfg=types.SimpleNamespace(preload_app=True)))
print("views", all(m in sys.modules for m in ("letters.views", "campaigns.views", "reports.views")))
print("catalogues", sorted(django.utils.translation.trans_real._translations))
print("connections", [c.alias for c in connections.all() if c.connection is not None])
"""


def test_it_imports_the_views_in_gunicorns_master_and_opens_no_connection():
    result = subprocess.run(
        [sys.executable, "-c", WARM_MASTER],
        cwd=settings.BASE_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "advocacy.settings",
            "DEBUG": "1",
            "DATABASE_URL": "postgres://advocacy@127.0.0.1:5432/advocacy",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    out = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert out["views"] == "True"
    assert out["catalogues"] == "['en', 'fr']"
    assert out["connections"] == "[]"
