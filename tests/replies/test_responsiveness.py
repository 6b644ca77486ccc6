"""The reply rate's arithmetic: per target, across campaigns or within one, with its base."""

import pytest
from django.urls import reverse
from django.utils import timezone

from letters.models import Delivery
from privacy import services as privacy_services
from replies import services
from replies.figures import Responsiveness, responsiveness
from tests.conftest import make_letter_campaign
from tests.replies.conftest import DAYS, delivered_letter, page_text

pytestmark = pytest.mark.django_db


def answered(campaign, *choices: str, prefix: str) -> list:
    """One letter per choice, asked; each supporter answers the same for every target
    ("" leaves the question unanswered)."""
    letters = [
        delivered_letter(campaign, email=f"{prefix}{n}@example.com") for n in range(len(choices))
    ]
    services.send_due_questionnaires(now=timezone.now() + campaign.reply_check_days * DAYS)
    for letter, choice in zip(letters, choices, strict=True):
        for answer in letter.questionnaire.answers.all():
            if choice:
                services.record_answer(answer, choice=choice)
    return letters


@pytest.fixture
def two_campaigns(campaign, minister_goodale):
    """Goodale is written to by both; McCallum by the first only."""
    other = make_letter_campaign(minister_goodale, title="Oversight", slug="oversight")
    answered(campaign, "yes", "no", "not_yet", "", prefix="a")
    answered(other, "yes", "yes", "no", prefix="b")
    # One more letter to each campaign that never reached Goodale.
    for c, prefix in ((campaign, "c"), (other, "d")):
        bounced = delivered_letter(c, email=f"{prefix}@example.com")
        bounced.deliveries.filter(target=minister_goodale).update(state=Delivery.State.BOUNCED)
    services.refresh_tallies()
    return campaign, other


def test_it_counts_each_target_across_campaigns(two_campaigns, minister_goodale, minister_mccallum):
    figures = responsiveness()

    goodale = figures[minister_goodale.pk]
    # 4 + 3 letters reached him; all 7 writers asked; 3 yes, 2 no, 1 not yet, 1 silent.
    assert (goodale.delivered, goodale.asked) == (7, 7)
    assert (goodale.yes, goodale.no, goodale.not_yet, goodale.answered) == (3, 2, 1, 6)
    assert goodale.rate == 50
    mccallum = figures[minister_mccallum.pk]
    # The first campaign's 4 letters, and the one whose Goodale copy bounced.
    assert (mccallum.delivered, mccallum.asked, mccallum.yes, mccallum.answered) == (5, 4, 1, 3)
    assert mccallum.rate == 33


def test_it_counts_a_campaigns_own_letters_only(two_campaigns, minister_goodale):
    campaign, other = two_campaigns

    first = responsiveness(campaign=campaign)[minister_goodale.pk]
    second = responsiveness(campaign=other, target_ids=[minister_goodale.pk])

    assert (first.delivered, first.asked, first.yes, first.answered, first.rate) == (4, 4, 1, 3, 33)
    assert list(second) == [minister_goodale.pk]
    assert (second[minister_goodale.pk].yes, second[minister_goodale.pk].rate) == (2, 67)


def test_it_has_no_rate_before_anyone_answered():
    nobody = Responsiveness(delivered=12, asked=10)

    assert nobody.answered == 0 and nobody.rate is None
    assert (Responsiveness(yes=1, no=2) + Responsiveness(yes=1, not_yet=0)).rate == 50


def test_it_leaves_an_erased_supporters_answer_out_of_the_rate_but_not_out_of_asked(
    campaign, minister_goodale
):
    answered(campaign, "yes", "no", prefix="e")
    services.refresh_tallies()
    assert responsiveness()[minister_goodale.pk].rate == 50

    privacy_services.erase_supporter(email="e0@example.com")

    goodale = responsiveness()[minister_goodale.pk]
    assert (goodale.delivered, goodale.asked, goodale.yes, goodale.answered) == (2, 2, 0, 1)
    assert goodale.rate == 0


def test_it_shows_the_rate_with_its_base_on_the_target_and_campaign_pages(
    client, two_campaigns, minister_goodale
):
    campaign, _other = two_campaigns

    target_page = page_text(client.get(reverse("replies:target", args=[minister_goodale.pk])))
    campaign_page = page_text(client.get(campaign.get_absolute_url()))

    assert (
        "Letters delivered 7 Supporters asked 7 Replies reported 3 "
        "Reply rate 50% (3 of 6 supporters who answered)"
    ) in target_page
    assert "Ralph Goodale 4 4 1 33% (1 of 3 supporters who answered)" in campaign_page
    assert "John McCallum 5 4 1 33% (1 of 3 supporters who answered)" in campaign_page


def test_it_sums_the_supporters_mps_on_a_tell_your_mp_campaign(client, mp_campaign, bc_mps):
    fry, bains = bc_mps["59035"], bc_mps["59028"]
    for n, mp in enumerate([fry, bains, bains]):
        delivered_letter(mp_campaign, email=f"m{n}@example.com", postal_code="V6B 1A1", mp=mp)
    services.send_due_questionnaires(now=timezone.now() + 14 * DAYS)
    services.record_answer(bains.answers.first(), choice="yes")
    services.record_answer(fry.answers.first(), choice="no")
    services.refresh_tallies()

    page = page_text(client.get(mp_campaign.get_absolute_url()))

    assert "Supporters' Members of Parliament 3 3 1 50% (1 of 2 supporters who answered)" in page
    assert "Ralph Goodale 3 3 0 no answer yet" in page


def test_it_keeps_the_tallies_equal_to_a_recount_as_answers_come_and_go(
    campaign, minister_goodale, minister_mccallum
):
    """Pages read tallies that answers move at once; the periodic recount agrees."""
    letters = answered(campaign, "yes", "no", "", prefix="t")
    services.refresh_tallies()
    undecided = letters[2].questionnaire.answers.get(target=minister_goodale)
    changed = letters[1].questionnaire.answers.get(target=minister_mccallum)

    services.record_answer(undecided, choice="not_yet")
    services.record_answer(undecided, choice="yes")
    services.record_answer(changed, choice="yes")
    services.record_answer(changed, choice="yes")
    privacy_services.erase_supporter(email="t0@example.com")
    late = delivered_letter(campaign, email="late@example.com")
    services.send_due_questionnaires(now=timezone.now() + 14 * DAYS)
    services.record_answer(late.questionnaire.answers.get(target=minister_goodale), choice="no")

    maintained = responsiveness()
    goodale = maintained[minister_goodale.pk]
    # t0's yes erased, t1 no, t2 yes, late no; the late letter's delivery not yet counted.
    assert (goodale.delivered, goodale.asked) == (3, 4)
    assert (goodale.yes, goodale.not_yet, goodale.no) == (1, 0, 2)
    mccallum = maintained[minister_mccallum.pk]
    assert (mccallum.yes, mccallum.not_yet, mccallum.no) == (1, 0, 0)

    services.refresh_tallies()
    recounted = responsiveness()
    assert recounted[minister_goodale.pk] == Responsiveness(
        delivered=4, asked=4, yes=1, not_yet=0, no=2
    )
    assert recounted[minister_mccallum.pk] == Responsiveness(
        delivered=4, asked=4, yes=1, not_yet=0, no=0
    )
