"""Static files as production serves them: hashed names, compressed, long cache headers."""

from django.core.management import call_command

PRODUCTION_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_it_collects_every_static_file_under_a_hashed_name(settings, tmp_path):
    """collectstatic fails on any reference to a missing file (a vendored script's
    source map, a stylesheet's image), and a deploy with it."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}}

    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = (tmp_path / "staticfiles.json").read_text()
    assert '"css/site.css": "css/site.' in manifest
    assert list(tmp_path.glob("css/site.*.css.gz"))
