import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_campaign
from tests.reports.conftest import local

pytestmark = pytest.mark.django_db

URL = reverse("reports:index")


def figures_of(row) -> dict:
    return {
        "signers": row.signers,
        "letters": row.letters,
        "own_client": row.own_client,
        "today": row.today,
        "this_week": row.this_week,
        **{k: v for k, v in row.deliveries.items()},
    }


def test_it_shows_each_campaigns_figures(client, organizer, report_data, frozen_clock):
    client.force_login(organizer)

    response = client.get(URL)

    assert response.status_code == 200
    rows = {r.campaign.slug: figures_of(r) for r in response.context["rows"]}
    assert rows["stop-the-deportation"] == {
        "signers": 4,
        "letters": 4,
        "own_client": 1,
        "today": 1,
        "this_week": 2,
        "queued": 2,
        "sent": 1,
        "delivered": 4,
        "bounced": 2,
        "complained": 1,
        "failed": 1,
        "total": 11,
    }
    assert rows["repeal-c51"] == {
        "signers": 2,
        "letters": 2,
        "own_client": 0,
        "today": 1,
        "this_week": 2,
        "queued": 2,
        "sent": 0,
        "delivered": 0,
        "bounced": 0,
        "complained": 0,
        "failed": 0,
        "total": 2,
    }
    assert b"Stop the deportation" in response.content
    assert b"Repeal C-51" in response.content


def test_it_counts_a_supporter_who_wrote_twice_once_across_campaigns(
    client, organizer, report_data, frozen_clock
):
    """Jane wrote to both campaigns: one signer overall, one in each campaign."""
    client.force_login(organizer)

    response = client.get(URL)

    assert response.context["overall"] == {
        "signers": 5,
        "letters": 6,
        "own_client": 1,
        "today": 2,
        "this_week": 4,
    }


def test_it_keeps_the_counter_in_step_with_the_letters(client, organizer, report_data):
    client.force_login(organizer)

    response = client.get(URL)

    assert [r.counter_differs for r in response.context["rows"]] == [False, False]
    assert b"recount_letters" not in response.content


def test_it_limits_the_figures_to_a_period_of_local_days(
    client, organizer, report_data, frozen_clock
):
    """4 to 9 March: Paul (late on the 4th, local) and Ana (early on the 9th)."""
    client.force_login(organizer)

    response = client.get(URL, {"from": "2026-03-04", "to": "2026-03-09"})

    rows = {r.campaign.slug: figures_of(r) for r in response.context["rows"]}
    assert rows["stop-the-deportation"]["letters"] == 2
    assert rows["stop-the-deportation"]["signers"] == 2
    assert rows["stop-the-deportation"]["total"] == 5  # Paul's 3 deliveries, Ana's 2
    assert rows["stop-the-deportation"]["bounced"] == 1
    assert rows["stop-the-deportation"]["failed"] == 1
    assert rows["repeal-c51"]["letters"] == 0
    assert response.context["overall"]["signers"] == 2


def test_it_counts_who_wrote_in_a_period_once_each_and_each_erased_letter_once(
    client, organizer, report_data, frozen_clock
):
    """10 and 11 March: Jane (to Repeal C-51; her letter of the 2nd is outside), Lee and
    Bob, both erased now: two letters without an address are two supporters."""
    from letters.models import Letter

    Letter.objects.filter(campaign=report_data["a"], created_at__gte=local(11, 0)).update(
        email=None, email_index=None
    )
    client.force_login(organizer)

    late = client.get(URL, {"from": "2026-03-10", "to": "2026-03-11"}).context["overall"]
    whole = client.get(URL, {"from": "2026-03-02", "to": "2026-03-11"}).context["overall"]

    assert (late["signers"], late["letters"]) == (3, 3)
    assert (whole["signers"], whole["letters"]) == (5, 6)  # Jane wrote twice: once here


def test_it_explains_a_date_it_cannot_read(client, organizer, report_data):
    client.force_login(organizer)

    response = client.get(URL, {"from": "04/03/2026"})

    assert response.status_code == 200
    assert b"Enter a date as YYYY-MM-DD" in response.content
    assert response.context["overall"]["letters"] == 6  # the figures stay unfiltered


def test_it_explains_a_period_that_ends_before_it_starts(client, organizer, report_data):
    client.force_login(organizer)

    response = client.get(URL, {"from": "2026-03-09", "to": "2026-03-04"})

    assert b"The start date must be on or before the end date." in response.content


def test_it_sends_visitors_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_it_refuses_staff_without_the_reports_permission(client, editor):
    client.force_login(editor)

    assert client.get(URL).status_code == 403


def test_it_lets_a_superuser_in(client, superuser, report_data):
    client.force_login(superuser)

    assert client.get(URL).status_code == 200


def test_it_runs_the_same_few_queries_however_many_campaigns(client, organizer, report_data):
    client.force_login(organizer)
    client.get(URL)  # warm the session and permission caches of this client

    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(5):
        make_campaign(title=f"More {n}", slug=f"more-{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    assert len(many) == len(few)
    # session, user, permissions; a savepoint (and on PostgreSQL its work_mem), the
    # campaigns, the tallies (letters, deliveries, totals), the signers, the form's list;
    # none of them reads the letters, and the page never folds (the counting job does).
    assert len(few) <= 13
    assert not [q for q in few if "letters_" in q["sql"]]


def test_it_counts_one_signer_for_one_email_whatever_its_case(
    client, organizer, campaign, minister_goodale
):
    """A letter stored before addresses were normalized (advocacy/emails.py) keeps
    "Jane@"; its blind index is made of the normalized address, so the report counts
    one supporter across campaigns."""
    from letters.models import Letter
    from reports.tallies import fold_counts
    from tests.conftest import make_letter, make_letter_campaign

    make_letter(campaign, email="jane@example.com")
    other = make_letter_campaign(minister_goodale, title="Another", slug="another")
    older = make_letter(other, email="older@example.com")
    Letter.objects.filter(pk=older.pk).update(email="Jane@Example.com")
    older.refresh_from_db()
    older.save()  # as the migration to encryption indexed it
    fold_counts()  # the counting job, a few seconds later
    client.force_login(organizer)

    response = client.get(URL)

    assert (response.context["overall"]["signers"], response.context["overall"]["letters"]) == (
        1,
        2,
    )
