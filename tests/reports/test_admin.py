import pytest
from django.urls import reverse

from reports import services
from reports.models import ExportLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(data_officer, campaign):
    log = services.start_export(
        kind=ExportLog.Kind.SUPPORTERS, source="web", user=data_officer, campaign=campaign
    )
    services.finish_export(log, row_count=1234)
    return log


def test_it_shows_superusers_who_exported_what(client, superuser, log):
    client.force_login(superuser)

    response = client.get(reverse("admin:reports_exportlog_changelist"))

    assert response.status_code == 200
    assert b"data_officer" in response.content
    assert b"1234" in response.content


def test_it_shows_a_superuser_the_record_read_only(client, superuser, log):
    client.force_login(superuser)

    response = client.get(reverse("admin:reports_exportlog_change", args=[log.pk]))

    assert response.status_code == 200
    assert b'name="row_count"' not in response.content
    assert client.post(reverse("admin:reports_exportlog_delete", args=[log.pk])).status_code == 403
    assert ExportLog.objects.filter(pk=log.pk).exists()


def test_it_hides_the_record_from_other_staff(client, data_officer, log):
    client.force_login(data_officer)

    response = client.get(reverse("admin:reports_exportlog_changelist"))

    assert response.status_code == 403
