import re

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Riding, Target
from letters.models import Letter
from tests.conftest import letter_data, make_letter

pytestmark = pytest.mark.django_db


def pages(html: str) -> list[str]:
    return re.findall(r'<article class="print-page".*?</article>', html, flags=re.S)


def test_it_prints_one_page_per_target_with_both_addresses(client, campaign):
    letter = make_letter(campaign)

    response = client.get(reverse("letters:print", args=[letter.public_id]))

    assert response.status_code == 200
    html = response.content.decode()
    by_name = {re.search(r'aria-label="Letter to ([^"]+)"', p).group(1): p for p in pages(html)}
    goodale, mccallum = by_name["Ralph Goodale"], by_name["John McCallum"]
    assert len(by_name) == 2
    # The supporter's address block, with a line to write the street on.
    for page in (goodale, mccallum):
        assert "Jane Doe<br>" in page
        assert "Street address" in page
        assert "Ottawa ON<br>" in page
        assert "K1A 0A6" in page
        assert "Let Jane&#x27;s neighbour stay" in page
        assert "Sincerely," in page
    assert (
        '<address class="recipient">Ralph Goodale<br>Minister of Public Safety<br>'
        "House of Commons<br>Ottawa ON  K1A 0A6</address>"
    ) in goodale
    assert "Dear Minister Goodale," in goodale
    assert "Dear Minister McCallum," in mccallum
    # No postal address on file: the postage-free House of Commons one.
    assert (
        '<address class="recipient">John McCallum<br>Minister of Immigration<br>'
        "House of Commons<br>Ottawa ON  K1A 0A6</address>"
    ) in mccallum
    assert "No stamp needed." in goodale
    assert 'href="/static/css/print.css" media="print"' in html


def test_it_addresses_an_mp_as_name_mp(client, campaign):
    riding = Riding.objects.create(code="35075", name="Ottawa Centre", province="ON")
    mp = Target.objects.create(name="Yasir Naqvi", email="yasir.naqvi@parl.gc.ca", riding=riding)
    letter = make_letter(campaign)
    letter.deliveries.create(kind="to", target=mp, name=mp.name, address=mp.email)

    html = client.get(reverse("letters:print", args=[letter.public_id])).content.decode()

    assert (
        '<address class="recipient">Yasir Naqvi, MP<br>House of Commons<br>'
        "Ottawa ON  K1A 0A6</address>"
    ) in html
    assert len(pages(html)) == 3


def test_it_links_the_print_page_from_the_thanks_and_status_pages(client, campaign):
    letter = make_letter(campaign)
    link = f'href="{reverse("letters:print", args=[letter.public_id])}">Print this letter</a>'

    assert link in client.get(reverse("letters:thanks", args=[letter.public_id])).content.decode()
    assert link in client.get(reverse("letters:status", args=[letter.public_id])).content.decode()


def test_it_404s_on_an_unknown_letter_and_says_an_erased_one_is_gone(client, campaign):
    letter = make_letter(campaign)
    letter.erased_at = timezone.now()
    letter.save()

    erased = client.get(reverse("letters:print", args=[letter.public_id]))
    assert erased.status_code == 410
    assert b"erased at the supporter" in erased.content and b"Jane" not in erased.content
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(reverse("letters:print", args=[unknown])).status_code == 404


def test_it_keeps_the_print_page_within_its_query_budget(
    client, campaign, django_assert_max_num_queries
):
    letter = make_letter(campaign)

    with django_assert_max_num_queries(3):
        client.get(reverse("letters:print", args=[letter.public_id]))


def test_it_prints_a_letter_sent_from_the_supporters_own_mail(client, campaign):
    response = client.post(reverse("letters:own_client", args=[campaign.slug]), letter_data())
    letter = Letter.objects.get()

    html = client.get(reverse("letters:print", args=[letter.public_id])).content.decode()

    assert letter.state == Letter.State.OWN_CLIENT and response.status_code == 302
    assert len(pages(html)) == 2
    assert "Dear Minister Goodale," in html
    assert "Dear Minister McCallum," in html
