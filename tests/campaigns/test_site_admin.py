import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from campaigns.models import Achievement, CoSigner, SiteAppeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))
    return client


def test_it_keeps_a_single_appeal(admin_client):
    assert admin_client.get(reverse("admin:campaigns_siteappeal_add")).status_code == 200
    SiteAppeal.objects.create(text="<p>Give.</p>", url="https://example.org/give")

    assert admin_client.get(reverse("admin:campaigns_siteappeal_add")).status_code == 403
    appeal = SiteAppeal.objects.get()
    delete = reverse("admin:campaigns_siteappeal_delete", args=[appeal.pk])
    assert admin_client.get(delete).status_code == 403


def test_it_keeps_the_cosigner_list_within_its_query_budget(
    admin_client, statement, django_assert_max_num_queries
):
    for i in range(30):
        CoSigner.objects.create(campaign=statement, name=f"Org {i}", status="requested")

    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:campaigns_cosigner_changelist"))

    assert response.status_code == 200
    assert "Org 29" in response.content.decode()


def test_it_keeps_the_achievement_list_within_its_query_budget(
    admin_client, django_assert_max_num_queries
):
    for year in range(2002, 2020):
        Achievement.objects.create(date_label=str(year), title=f"Won in {year}")

    with django_assert_max_num_queries(10):
        response = admin_client.get(reverse("admin:campaigns_achievement_changelist"))

    assert "Won in 2019" in response.content.decode()


def test_it_shows_cosigners_inline_on_a_statement(admin_client, statement):
    response = admin_client.get(reverse("admin:campaigns_campaign_change", args=[statement.pk]))

    assert response.status_code == 200
    assert "Canadian Labour Congress" in response.content.decode()
