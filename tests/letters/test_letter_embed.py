"""The embeddable action: the letter flow in a partner's frame, framed only where the
campaign allows, and sent without any cookie (third-party frames get none)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from letters.embed import embed_snippet
from letters.models import Letter
from tests.conftest import letter_data, review_stamp_for

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.split(" ", 1) for part in policy.split("; "))


def hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


@pytest.fixture
def frame():
    """A browser in a partner's frame: CSRF enforced, and no cookie of ours kept."""
    return Client(enforce_csrf_checks=True)


def test_it_shows_the_letter_form_frameable_only_by_the_listed_sites(client, campaign):
    campaign.embed_origins = "https://bccla.example\nhttps://www.iclmg.example"
    campaign.save()

    response = client.get(reverse("letters:embed", args=[campaign.slug]))

    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == (
        "'self' https://bccla.example https://www.iclmg.example"
    )
    assert "X-Frame-Options" not in response
    html = response.content.decode()
    assert 'action="/en/campaigns/stop-the-deportation/embed/review/"' in html
    assert "Open this action in a new tab" in html
    assert "csrfmiddlewaretoken" not in html
    assert 'class="site-header"' not in html


def test_it_lets_any_site_frame_it_when_staff_choose(client, campaign):
    campaign.embed_anywhere = True
    campaign.save()

    response = client.get(reverse("letters:embed", args=[campaign.slug]))

    assert directives(response)["frame-ancestors"] == "*"


def test_it_keeps_every_other_page_unframeable(client, campaign):
    campaign.embed_anywhere = True
    campaign.save()

    response = client.get(reverse("campaigns:detail", args=[campaign.slug]))

    assert directives(response)["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_it_sends_a_letter_from_the_frame_without_any_cookie(frame, campaign, abuse_checks):
    campaign.embed_origins = "https://bccla.example"
    campaign.save()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        review = frame.post(reverse("letters:embed_review", args=[campaign.slug]), letter_data())
        html = review.content.decode()
        assert review.status_code == 200
        assert directives(review)["frame-ancestors"] == "'self' https://bccla.example"
        assert "csrfmiddlewaretoken" not in html
        assert 'action="/en/campaigns/stop-the-deportation/embed/send/"' in html
        clock.shift(timedelta(seconds=20))
        frame.cookies.clear()  # the partner's page is another site: nothing was kept
        response = frame.post(
            reverse("letters:embed_send", args=[campaign.slug]),
            letter_data(started=hidden(html, "started")),
        )

    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("letters:embed_thanks", args=[letter.public_id])
    thanks = frame.get(response.url)
    assert "Your letter is on its way" in thanks.content.decode()
    assert directives(thanks)["frame-ancestors"] == "'self' https://bccla.example"


def test_it_refuses_a_send_from_the_frame_without_the_review_stamp(frame, campaign, abuse_checks):
    response = frame.post(reverse("letters:embed_send", args=[campaign.slug]), letter_data())

    assert response.status_code == 200
    assert "This form expired or was altered" in response.content.decode()
    assert not Letter.objects.exists()


def test_it_refuses_in_the_frame_a_stamp_made_for_the_site_s_own_pages(
    frame, campaign, abuse_checks
):
    """A stamp bound to a browser's CSRF secret is another visitor's here."""
    started = review_stamp_for(frame, campaign)

    response = frame.post(
        reverse("letters:embed_send", args=[campaign.slug]), letter_data(started=started)
    )

    assert "This form expired or was altered" in response.content.decode()
    assert not Letter.objects.exists()


def test_it_keeps_what_was_typed_when_the_frame_s_form_is_refused(frame, campaign):
    response = frame.post(
        reverse("letters:embed_review", args=[campaign.slug]), letter_data(postal_code="nope")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a Canadian postal code" in html
    assert 'value="Jane"' in html
    assert 'class="site-header"' not in html


def test_it_says_so_in_the_frame_when_the_campaign_closed(client, closed_campaign):
    response = client.get(reverse("letters:embed", args=[closed_campaign.slug]))

    assert "This campaign is closed" in response.content.decode()


def test_it_404s_for_a_draft_campaign(client, draft_campaign):
    response = client.get(reverse("letters:embed", args=[draft_campaign.slug]))

    assert response.status_code == 404


def test_it_gives_staff_a_snippet_with_the_frame_and_the_resizing_script(campaign, partner):
    snippet = embed_snippet(campaign, partner=partner.slug)

    assert snippet.startswith(
        '<iframe src="http://testserver/en/campaigns/stop-the-deportation/embed/?partner=bccla"'
    )
    assert "data-advocacy-embed" in snippet
    assert '<script src="http://testserver/static/js/embed.js" async></script>' in snippet


def test_it_shows_the_snippets_on_the_campaign_s_admin_page(admin_client, campaign, partner):
    response = admin_client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))

    html = response.content.decode()
    assert "Snippets to embed this action" in html
    assert "For any site" in html
    assert "For BC Civil Liberties Association" in html
    assert "embed/?partner=bccla" in html


def test_it_refuses_an_embedding_site_that_is_not_an_address(admin_client, campaign):
    from campaigns.forms import CampaignAdminForm

    form = CampaignAdminForm(instance=campaign)
    data = {**form.initial, "embed_origins": "https://ok.example/\nnot a site"}
    bound = CampaignAdminForm(data=data, instance=campaign)

    assert not bound.is_valid()
    assert "“not” is not a site's address" in bound.errors["embed_origins"][0]


def test_it_asks_for_the_riding_inside_the_frame_when_the_mp_is_unknown(
    frame, mp_campaign, bc_mps, represent
):
    """Tell your MP: the choice of riding and its search post back into the frame."""
    represent.fail("/postcodes/V7A5J9/")
    mp_campaign.embed_anywhere = True
    mp_campaign.save()

    response = frame.post(
        reverse("letters:embed_review", args=[mp_campaign.slug]), letter_data(postal_code="V7A5J9")
    )

    html = response.content.decode()
    assert "Choose your MP" in html
    assert directives(response)["frame-ancestors"] == "*"
    review = reverse("letters:embed_review", args=[mp_campaign.slug])
    assert html.count(f'action="{review}"') == 2  # the pick and the search
    assert 'action="/en/campaigns/' + mp_campaign.slug + '/review/"' not in html


def test_it_keeps_the_campaign_s_frame_list_on_the_cached_frame(client, campaign, settings):
    settings.CAMPAIGN_PAGE_CACHE_SECONDS = 30
    campaign.embed_origins = "https://bccla.example"
    campaign.save()
    url = reverse("letters:embed", args=[campaign.slug])

    first = client.get(url)
    cached = client.get(url, {"utm_source": "newsletter"})

    assert "public" in cached["Cache-Control"]
    assert 'data-from="utm_source"' in cached.content.decode()
    assert "newsletter" not in cached.content.decode()  # the script fills it in the browser
    for response in (first, cached):
        assert directives(response)["frame-ancestors"] == "'self' https://bccla.example"
        assert "X-Frame-Options" not in response
