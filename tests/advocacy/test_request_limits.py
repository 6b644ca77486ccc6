"""Django's own limits behind the front door: a body over MAX_REQUEST_BODY_BYTES is
refused before anything reads it, and uploads that are accepted stay in memory.
(nginx's limits, with real processes, are in tests/test_front_door.py.)"""

import io

import pytest
from django.conf import settings
from django.urls import reverse

from letters.models import Letter

pytestmark = pytest.mark.django_db


class Untouchable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self):
        return True

    def readinto(self, buffer):
        raise AssertionError("the body was read")


def test_it_refuses_a_huge_body_with_a_bogus_csrf_cookie_before_reading_it(client, campaign):
    client.cookies["csrftoken"] = "bogus"
    response = client.generic(
        "POST",
        reverse("letters:send", args=[campaign.slug]),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2**30),
        **{"wsgi.input": Untouchable()},
    )

    assert response.status_code == 413
    assert not Letter.objects.exists()


def test_it_reads_a_body_within_the_limit(client, campaign):
    response = client.post(reverse("letters:review", args=[campaign.slug]), {"first_name": "J"})

    assert response.status_code == 200


def test_it_keeps_accepted_uploads_in_memory():
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE >= settings.MAX_REQUEST_BODY_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.MAX_REQUEST_BODY_BYTES


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "iclmg.png").write_bytes(b"\x89PNG\r\n\x1a\nlogo")
    return tmp_path


def test_it_serves_uploaded_files_itself_when_told_to(client, settings, media_root):
    settings.DEBUG = False
    settings.SERVE_MEDIA = True

    response = client.get("/media/logos/iclmg.png")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\nlogo"
    assert response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]


def test_it_leaves_uploaded_files_to_the_web_server_otherwise(client, settings, media_root):
    settings.DEBUG = False
    settings.SERVE_MEDIA = False

    assert client.get("/media/logos/iclmg.png").status_code == 404


@pytest.mark.parametrize("path", ["../manage.py", "logos/../../manage.py", "%2e%2e/manage.py"])
def test_it_serves_nothing_outside_the_media_folder(client, settings, media_root, path):
    settings.SERVE_MEDIA = True

    assert client.get(f"/media/{path}").status_code == 404
