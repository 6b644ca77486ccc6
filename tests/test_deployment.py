"""docker-compose.yml cannot run here (no Docker engine), so its shape is checked instead."""

from pathlib import Path

import pytest
import yaml
from django.conf import settings

COMPOSE = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_it_defines_every_service_the_readme_names():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    for name in ("web", "worker", "beat", "db", "redis", "mailcatcher"):
        assert name in SERVICES
        assert f"`{name}`" in readme


@pytest.mark.parametrize("name", ["worker", "beat"])
def test_it_runs_web_and_background_jobs_from_one_image_and_configuration(name):
    web, other = SERVICES["web"], SERVICES[name]
    assert other["image"] == web["image"]
    assert other["env_file"] == web["env_file"]
    assert other["environment"] == web["environment"]


def test_it_health_checks_the_long_running_services():
    for name in ("web", "worker", "db", "redis"):
        assert "healthcheck" in SERVICES[name]


def test_it_keeps_data_in_named_volumes():
    assert {"pgdata", "redisdata", "media"} <= set(COMPOSE["volumes"])


def test_it_answers_the_health_check(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
