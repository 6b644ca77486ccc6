"""The personal-data permission is a boundary in the admin, and every look across it is recorded."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from digest.models import Subscriber
from letters.models import Delivery, Letter, PersonalDataView
from tests.conftest import make_letter, make_staff

pytestmark = pytest.mark.django_db

# What this supporter typed: none of it may reach staff without the permission.
SUPPORTER = {
    "first_name": "Zelda",
    "last_name": "Quixote",
    "email": "zelda.q@example.com",
    "postal_code": "H3Z 2Y7",
    "city": "Chicoutimi",
    "street_address": "77 Rue Racine Est",
    "subject": "Zelda Quixote asks you to act",
    "body": "I am Zelda Quixote of Chicoutimi (H3Z2Y7); reply to zelda.q@example.com.",
}
PERSONAL = ["zelda", "quixote", "h3z 2y7", "h3z2y7", "chicoutimi", "rue racine"]


@pytest.fixture
def letter(campaign):
    letter = make_letter(campaign, send_copy=True, **SUPPORTER)
    Letter.objects.filter(pk=letter.pk).update(ip_hash="f00dfacef00dface")
    letter.deliveries.filter(kind=Delivery.Kind.COPY).update(
        state=Delivery.State.FAILED, last_error="SMTP 550 <zelda.q@example.com> unknown"
    )
    return letter


def admin_pages(letter) -> list[str]:
    copy = letter.deliveries.get(kind=Delivery.Kind.COPY)
    return [
        reverse("admin:index"),
        reverse("admin:letters_letter_changelist"),
        reverse("admin:letters_letter_changelist") + f"?campaign__id__exact={letter.campaign_id}",
        reverse("admin:letters_letter_change", args=[letter.pk]),
        reverse("admin:letters_letter_history", args=[letter.pk]),
        reverse("admin:letters_delivery_changelist"),
        reverse("admin:letters_delivery_change", args=[copy.pk]),
        reverse("admin:letters_delivery_history", args=[copy.pk]),
    ]


@pytest.mark.parametrize("role", ["Editors", "Organizers"])
def test_it_shows_no_supporters_personal_data_to_staff_without_the_permission(client, letter, role):
    client.force_login(make_staff("sam", role))

    for url in admin_pages(letter):
        response = client.get(url)
        content = response.content.decode().lower()

        assert response.status_code == 200, url
        assert [word for word in PERSONAL if word in content] == [], url
        assert "f00dfacef00dface" not in content, url
        assert str(letter.public_id) not in content, url  # it opens the letter's public pages
    assert not PersonalDataView.objects.exists()


def test_it_shows_the_letter_text_without_the_supporters_details(client, editor, letter):
    client.force_login(editor)

    page = client.get(reverse("admin:letters_letter_change", args=[letter.pk])).content.decode()

    assert "I am […] of […] ([…]); reply to […]." in page
    assert "[…] asks you to act" in page
    assert "ralph.goodale@parl.gc.ca" in page  # the targets' addresses are not personal data


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("admin:letters_letter_changelist", "email=zelda.q%40example.com"),
        ("admin:letters_letter_changelist", "last_name__istartswith=q"),
        ("admin:letters_letter_changelist", "body__icontains=zelda"),
        ("admin:letters_letter_changelist", "public_id__startswith=0"),
        ("admin:letters_delivery_changelist", "address=zelda.q%40example.com"),
    ],
)
def test_it_refuses_to_filter_on_personal_data_without_the_permission(
    client, editor, letter, url_name, query
):
    client.force_login(editor)

    response = client.get(f"{reverse(url_name)}?{query}")

    assert response.status_code == 400


def test_it_offers_no_search_of_letters_without_the_permission(client, editor, letter):
    client.force_login(editor)

    response = client.get(reverse("admin:letters_letter_changelist"), {"q": "nobody"})

    assert response.context["cl"].result_count == 1  # ignored: it would tell who wrote
    assert 'id="searchbar"' not in response.content.decode()


def test_it_keeps_a_supporters_copy_out_of_a_search_by_address(client, editor, letter):
    client.force_login(editor)
    url = reverse("admin:letters_delivery_changelist")

    found = client.get(url, {"q": "zelda.q@example.com"}).context["cl"].result_count
    ministers = client.get(url, {"q": "parl.gc.ca"}).context["cl"].result_count

    assert (found, ministers) == (0, 2)


def test_it_keeps_the_news_digest_subscribers_from_staff_without_the_permission(client, editor):
    Subscriber.objects.create(
        email="reader@example.com", consent_text="Yes", consented_at="2026-01-01T00:00Z"
    )
    client.force_login(editor)

    assert client.get(reverse("admin:digest_subscriber_changelist")).status_code == 403
    assert "reader@example.com" not in client.get(reverse("admin:index")).content.decode()


@pytest.fixture
def holder(db):
    user = make_staff("petra", "Organizers")
    user.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
    return user


def test_it_shows_personal_data_to_its_holders_and_records_every_look(client, holder, letter):
    client.force_login(holder)

    listing = client.get(reverse("admin:letters_letter_changelist"), {"q": "Zelda.Q@Example.com"})
    detail = client.get(reverse("admin:letters_letter_change", args=[letter.pk]))
    copy = letter.deliveries.get(kind=Delivery.Kind.COPY)
    delivery = client.get(reverse("admin:letters_delivery_change", args=[copy.pk]))

    assert "Zelda Quixote" in listing.content.decode()
    assert "zelda.q@example.com" in detail.content.decode()
    assert "I am Zelda Quixote of Chicoutimi" in detail.content.decode()
    assert "zelda.q@example.com" in delivery.content.decode()
    views = list(
        PersonalDataView.objects.order_by("id").values_list(
            "username", "model", "page", "object_id", "row_count", "searched"
        )
    )
    assert views == [
        ("petra", "letters.letter", "list", "", 1, True),
        ("petra", "letters.letter", "detail", str(letter.pk), 1, False),
        ("petra", "letters.delivery", "detail", str(copy.pk), 1, False),
    ]


def test_it_records_a_holders_look_at_the_news_digest_subscribers(client, holder):
    Subscriber.objects.create(
        email="reader@example.com", consent_text="Yes", consented_at="2026-01-01T00:00Z"
    )
    client.force_login(holder)

    response = client.get(reverse("admin:digest_subscriber_changelist"))

    assert "reader@example.com" in response.content.decode()
    assert PersonalDataView.objects.get().model == "digest.subscriber"


def test_it_shows_the_log_of_looks_to_superusers_alone(admin_client, client, holder, letter):
    client.force_login(holder)
    client.get(reverse("admin:letters_letter_changelist"))

    log = admin_client.get(reverse("admin:letters_personaldataview_changelist")).content.decode()

    assert "petra" in log
    assert client.get(reverse("admin:letters_personaldataview_changelist")).status_code == 403
