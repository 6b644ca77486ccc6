import pytest
from django.urls import reverse

from tests.conftest import letter_data, make_campaign, make_letter

pytestmark = pytest.mark.django_db


def test_it_thanks_the_supporter_with_the_count_and_the_status_link(client, campaign):
    letter = make_letter(campaign)

    html = client.get(reverse("letters:thanks", args=[letter.public_id])).content.decode()

    assert "Thank you, Jane! Your letter is on its way." in html
    assert "You are the first to write." in html
    assert f'href="/en/letters/{letter.public_id}/"' in html


def test_it_offers_plain_share_links_and_no_third_party_script(client, campaign):
    letter = make_letter(campaign)

    html = client.get(reverse("letters:thanks", args=[letter.public_id])).content.decode()

    for name in ["Share by email", "Facebook", "Share on X", "Bluesky", "WhatsApp", "Copy link"]:
        assert name in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2F" in html
    scripts = [line for line in html.splitlines() if "<script" in line]
    assert scripts == ['  <script src="/static/js/site.js" defer></script>']


def test_it_suggests_the_next_urgent_action(client, campaign):
    make_campaign(title="Calm action", slug="calm")
    make_campaign(title="Urgent action", slug="urgent", urgent=True)
    letter = make_letter(campaign)

    response = client.get(reverse("letters:thanks", args=[letter.public_id]))

    assert response.context["next_campaign"].title == "Urgent action"


def test_it_shows_the_appeal(client, campaign):
    campaign.appeal_text = "Give monthly."
    campaign.save()
    letter = make_letter(campaign)

    html = client.get(reverse("letters:thanks", args=[letter.public_id])).content.decode()

    assert "Give monthly." in html


def test_it_404s_on_an_unknown_letter(client, db):
    url = reverse("letters:thanks", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


def test_it_renders_in_four_queries(client, campaign, django_assert_num_queries):
    make_campaign(title="Urgent action", slug="urgent", urgent=True)
    letter = make_letter(campaign)

    # The letter with its campaign, whether it has a call script, the next action, the appeal.
    with django_assert_num_queries(4):
        client.get(reverse("letters:thanks", args=[letter.public_id]))


def test_it_renders_an_own_mail_letter_in_five_queries(client, campaign, django_assert_num_queries):
    response = client.post(reverse("letters:own_client", args=[campaign.slug]), letter_data())

    # The letter, its targets, whether it has a call script, the next action, the appeal.
    with django_assert_num_queries(5):
        client.get(response.url)
