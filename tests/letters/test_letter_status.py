import pytest

from letters.models import Delivery
from tests.conftest import make_letter

pytestmark = pytest.mark.django_db


def test_it_shows_each_recipients_honest_state(client, campaign):
    letter = make_letter(campaign, send_copy=True)
    letter.deliveries.filter(target__name="Ralph Goodale").update(state=Delivery.State.BOUNCED)

    response = client.get(letter.get_absolute_url())

    html = response.content.decode()
    rows = [(d.name or d.address, d.state) for d in response.context["deliveries"]]
    assert rows == [
        ("John McCallum", "queued"),
        ("Ralph Goodale", "bounced"),
        ("campaign@example.org", "queued"),
        ("Jane Doe", "queued"),
    ]
    assert '<span class="state state--bounced">Bounced</span>' in html
    assert "You (your copy)" in html


def test_it_404s_on_an_unknown_letter(client, db):
    assert client.get("/en/letters/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_it_renders_in_three_queries(client, campaign, django_assert_num_queries):
    letter = make_letter(campaign, send_copy=True)

    # The letter with its campaign, its deliveries, the letters its share links brought.
    with django_assert_num_queries(3):
        client.get(letter.get_absolute_url())
