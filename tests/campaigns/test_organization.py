"""The organization's identity: edited by staff in one place, shown in every page's
header and footer, read from the cache."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.identity import CACHE_KEY, identity
from campaigns.models import Organization

pytestmark = pytest.mark.django_db

PAGES = ["campaigns:home", "campaigns:achievements", "digest:signup", "privacy:page"]


def png(width=2, height=2) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), "#8a1c1c").save(out, "PNG")
    return out.getvalue()


def header_and_footer(html: str) -> tuple[str, str]:
    header = html[html.index('<header class="site-header">') : html.index("</header>")]
    footer = html[html.index('<footer class="site-footer">') : html.index("</footer>")]
    return header, footer


@pytest.mark.parametrize("name", PAGES)
def test_it_shows_the_organization_in_the_header_and_footer_of_every_page(
    client, organization, campaign, name
):
    html = client.get(reverse(name)).content.decode()

    header, footer = header_and_footer(html)
    assert '<img class="brand__logo" src="/static/icons/favicon.svg" alt=""' in header
    assert '<span class="brand__name">ICLMG</span>' in header
    assert '<span class="brand__full">International Civil Liberties Monitoring Group</span>' in (
        header
    )
    assert "<strong>International Civil Liberties Monitoring Group</strong>" in footer
    assert "<br>1 Example Street, Suite 100<br>Ottawa ON  K1A 0B1" in footer
    assert '<a href="mailto:info@iclmg.example">info@iclmg.example</a>' in footer
    assert '<a href="https://iclmg.example/contact/">Contact us</a>' in footer


def test_it_shows_it_on_a_campaign_page_and_in_french_on_a_french_page(
    client, organization, campaign
):
    from django.utils import translation

    organization.contact_url_fr = ""
    organization.save()
    with translation.override("fr"):
        url = reverse("campaigns:home")
    english = client.get(campaign.get_absolute_url()).content.decode()
    french = client.get(url).content.decode()

    assert "International Civil Liberties Monitoring Group" in header_and_footer(english)[0]
    header, footer = header_and_footer(french)
    assert '<span class="brand__name">CSILC</span>' in header
    assert "<strong>Coalition pour la surveillance internationale des libertés civiles" in footer
    assert "100-1, rue Exemple<br>Ottawa (Ontario)  K1A 0B1" in footer
    # No French contact page written: the English one.
    assert '<a href="https://iclmg.example/contact/">Nous joindre</a>' in footer


def test_it_goes_by_the_org_name_setting_until_staff_write_it(client, settings, campaign):
    html = client.get(reverse("campaigns:home")).content.decode()

    header, footer = header_and_footer(html)
    assert '<span class="brand__name">ICLMG</span>' in header
    assert "brand__full" not in header
    assert "<strong>ICLMG</strong>" in footer
    assert "mailto:" not in footer


def test_it_reads_the_identity_from_the_cache_and_drops_it_on_a_save(
    organization, django_assert_num_queries
):
    cache.delete(CACHE_KEY)
    with django_assert_num_queries(1):
        assert identity("en").short_name == "ICLMG"
    with django_assert_num_queries(0):
        assert identity("fr").short_name == "CSILC"
        assert identity("en").address_lines == ["1 Example Street, Suite 100", "Ottawa ON  K1A 0B1"]

    organization.short_name_en = "ICLMG Canada"
    organization.save()

    assert identity("en").short_name == "ICLMG Canada"


def test_it_shows_a_staff_edit_on_the_next_page(client, organization, campaign):
    client.get(reverse("campaigns:home"))

    organization.full_name_en = "The Monitoring Group"
    organization.save()

    assert (
        "<strong>The Monitoring Group</strong>"
        in client.get(reverse("campaigns:home")).content.decode()
    )


def test_it_lets_an_editor_write_the_organization_with_its_logo(
    editor_client, client, settings, tmp_path, campaign
):
    settings.MEDIA_ROOT = tmp_path
    list_url = reverse("admin:campaigns_organization_changelist")
    assert editor_client.get(list_url)["Location"] == reverse("admin:campaigns_organization_add")

    response = editor_client.post(
        reverse("admin:campaigns_organization_add"),
        {
            "full_name_en": "International Civil Liberties Monitoring Group",
            "full_name_fr": "Coalition pour la surveillance internationale des libertés civiles",
            "short_name_en": "ICLMG",
            "short_name_fr": "CSILC",
            "mailing_address_en": "1 Example Street\nOttawa ON  K1A 0B1",
            "mailing_address_fr": "1, rue Exemple\nOttawa (Ontario)  K1A 0B1",
            "contact_email": "info@iclmg.example",
            "contact_url_en": "https://iclmg.example/contact/",
            "contact_url_fr": "https://iclmg.example/fr/nous-joindre/",
            "logo": SimpleUploadedFile("logo.png", png(), content_type="image/png"),
        },
    )

    assert response.status_code == 302
    organization = Organization.objects.get()
    assert organization.logo.name.startswith("organization/logo")
    assert editor_client.get(list_url)["Location"] == reverse(
        "admin:campaigns_organization_change", args=[organization.pk]
    )
    assert editor_client.get(reverse("admin:campaigns_organization_add")).status_code == 403
    html = client.get(reverse("campaigns:home")).content.decode()
    assert f'<img class="brand__logo" src="/media/{organization.logo.name}" alt=""' in html


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "image"),
        (SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * 600 * 1024), "at most 512 KB"),
    ],
    ids=["not-an-image", "too-large"],
)
def test_it_refuses_a_logo_that_is_not_a_small_image(
    editor_client, organization, settings, tmp_path, upload, error
):
    settings.MEDIA_ROOT = tmp_path
    response = editor_client.post(
        reverse("admin:campaigns_organization_change", args=[organization.pk]),
        {
            "full_name_en": "Changed",
            "short_name_en": "ICLMG",
            "mailing_address_en": "1 Example Street",
            "contact_email": "info@iclmg.example",
            "logo": upload,
        },
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert 'value="Changed"' in response.content.decode()  # what was typed survives
    organization.refresh_from_db()
    assert organization.full_name_en == "International Civil Liberties Monitoring Group"
    assert not organization.logo


def test_it_lets_organizers_read_it_but_not_change_it(client, organizer, organization):
    client.force_login(organizer)
    url = reverse("admin:campaigns_organization_change", args=[organization.pk])

    page = client.get(url)
    refused = client.post(url, {"full_name_en": "Changed", "short_name_en": "X"})

    assert page.status_code == 200
    assert "International Civil Liberties Monitoring Group" in page.content.decode()
    assert refused.status_code == 403


def test_it_reads_the_database_when_the_cache_is_down(client, settings, organization, campaign):
    # A plain Redis client (not the site's resilient one) on a closed port: every call raises.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    html = client.get(reverse("digest:signup")).content.decode()

    assert "<strong>International Civil Liberties Monitoring Group</strong>" in html
    assert identity("fr").short_name == "CSILC"
