import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from campaigns.models import Achievement, CoSigner, SiteAppeal

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "pw"))
    return client


def test_it_opens_the_one_appeal_from_the_admin_index(admin_client):
    url = reverse("admin:campaigns_siteappeal_changelist")
    assert admin_client.get(url)["Location"] == reverse("admin:campaigns_siteappeal_add")
    appeal = SiteAppeal.objects.create(text="<p>Give.</p>", url="https://example.org/give")

    response = admin_client.get(url)

    assert response["Location"] == reverse("admin:campaigns_siteappeal_change", args=[appeal.pk])


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


def test_it_orders_cosigners_from_their_list(admin_client, statement):
    first, second = statement.cosigners.order_by("position")
    url = reverse("admin:campaigns_cosigner_changelist")

    response = admin_client.post(
        url + f"?campaign__id__exact={statement.pk}",
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": first.pk,
            "form-0-position": "5",
            "form-1-id": second.pk,
            "form-1-position": "1",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    html = admin_client.get(statement.get_absolute_url()).content.decode()
    assert html.index("United Church of Canada") < html.index("Canadian Labour Congress")


def test_it_lets_editors_manage_statements_and_achievements_and_organizers_read_them(db):
    from django.contrib.auth.models import Group

    editor = User.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    organizer = User.objects.create_user("organizer", is_staff=True)
    organizer.groups.add(Group.objects.get(name="Organizers"))

    for perm in ("change_cosigner", "add_achievement", "change_siteappeal"):
        assert editor.has_perm(f"campaigns.{perm}")
        assert not organizer.has_perm(f"campaigns.{perm}")
    assert organizer.has_perm("campaigns.view_achievement")
    assert not editor.has_perm("digest.view_subscriber")
    assert not editor.has_perm("letters.export_personal_data")
