"""A letter to "your MP": the review step finds the MP, the send step validates the pick."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from campaigns.models import Target
from letters.models import Delivery, Letter
from tests.conftest import letter_data
from tests.represent_fake import AU, BAINS

pytestmark = pytest.mark.django_db


def review(client, campaign, **overrides):
    return client.post(reverse("letters:review", args=[campaign.slug]), letter_data(**overrides))


def send(client, campaign, **overrides):
    return client.post(reverse("letters:send", args=[campaign.slug]), letter_data(**overrides))


def radios(response) -> list[str]:
    return [line for line in response.content.decode().splitlines() if 'type="radio"' in line]


def choices(response) -> list[str]:
    """The MPs offered, in order, as their labels read (party aside)."""
    labels = re.findall(r'<label for="id_mp_\d+">([^<]*)</label>', response.content.decode())
    return [label.split(" (")[0] for label in labels]


def test_it_shows_the_one_mp_the_letter_will_go_to(
    client, mp_campaign, bc_mps, represent, django_assert_num_queries
):
    represent.postcode("V7A5J9", centroid=[BAINS])

    with django_assert_num_queries(4):  # campaign, template, its targets, the riding's MP
        response = review(client, mp_campaign, postal_code="v7a 5j9")

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Your letter will go to: <strong>Parm Bains</strong>, MP for Richmond East—Steveston"
        in html
    )
    assert f'<input type="hidden" name="mp" value="{bc_mps["59028"].pk}">' in html
    assert radios(response) == []


def test_it_lets_the_supporter_pick_when_the_postal_code_straddles_two_ridings(
    client, mp_campaign, bc_mps, represent, django_assert_num_queries
):
    represent.postcode("V6X1A1", centroid=[BAINS], concordance=[AU, BAINS])

    with django_assert_num_queries(4):  # campaign, template, its targets, the ridings' MPs
        response = review(client, mp_campaign, postal_code="V6X 1A1")

    html = response.content.decode()
    assert "Your postal code is shared by more than one riding. Choose your MP:" in html
    assert choices(response) == [
        "Chak Au, MP for Richmond Centre—Marpole",
        "Parm Bains, MP for Richmond East—Steveston",
    ]
    assert "Hedy Fry" not in html
    assert "Send my letter" not in html  # not before the letter is shown to its MP


OTTAWA_CENTRE_AND_AROUND = [
    "Yasir Naqvi, MP for Ottawa Centre",
    "Jenna Sudds, MP for Kanata",
    "Mark Carney, MP for Nepean",
    "Anita Vandenbeld, MP for Ottawa West—Nepean",
    "Bruce Fanjoy, MP for Carleton",
]


@pytest.mark.parametrize(
    ("arrange", "message"),
    [
        (lambda fake: None, "We could not find K2P 1L4 in the list of postal codes."),  # 404
        (lambda fake: fake.fail("/postcodes/K2P1L4/", 503), "We could not look up your MP"),
        (lambda fake: fake.hang("/postcodes/K2P1L4/"), "We could not look up your MP"),
    ],
    ids=["unknown-404", "unavailable-503", "timeout"],
)
def test_it_offers_the_ridings_near_the_postal_code_when_represent_cannot_say(
    client, mp_campaign, mp_directory, represent, arrange, message, django_assert_num_queries
):
    arrange(represent)

    with django_assert_num_queries(4):  # campaign, template, its targets, the nearby MPs
        response = review(client, mp_campaign, postal_code="K2P 1L4")

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    # Its FSA's hinted riding first, then those hinted for the other K2 FSAs, none chosen.
    assert choices(response) == OTTAWA_CENTRE_AND_AROUND
    assert " checked" not in html
    assert 'name="riding_q"' in html
    assert "Send my letter" not in html
    assert represent.postcode_requests("K2P1L4") == 1


def test_it_offers_at_most_twelve_ridings_anywhere_in_canada(rf, mp_campaign, mp_directory):
    from campaigns.directory import fsa_hints
    from letters.mp_choice import resolve_mp_choice

    template = mp_campaign.letter_templates.get()
    longest = 0
    for fsa in sorted(fsa_hints()):
        request = rf.post("/", {"riding_q": ""})
        choice = resolve_mp_choice(request, template, f"{fsa} 1A1")
        assert len(choice.shown) <= 12, fsa
        longest = max(longest, len(choice.shown))

    assert longest == 12


def test_it_offers_the_province_s_ridings_only_through_a_search(
    client, mp_campaign, mp_directory, represent
):
    represent.fail("/postcodes/K2P1L4/", 503)

    html = review(client, mp_campaign, postal_code="K2P 1L4").content.decode()
    broad = review(client, mp_campaign, postal_code="K2P 1L4", riding_q="on")

    assert html.count('type="radio"') == 5  # of Ontario's 122 ridings
    assert len(radios(broad)) == 12
    assert "more ridings match: type more of the name." in broad.content.decode()


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("vancouver", ["Hedy Fry"]),
        ("richmond", ["Chak Au", "Parm Bains"]),
        ("Steveston richmond EAST", ["Parm Bains"]),
        ("bains", ["Parm Bains"]),
        ("hédy", ["Hedy Fry"]),
        ("Ottawa", []),
    ],
)
def test_it_searches_the_riding_list_by_riding_or_mp_name(
    client, mp_campaign, bc_mps, represent, query, names
):
    response = review(client, mp_campaign, postal_code="V7A 5J9", riding_q=query)

    html = response.content.decode()
    shown = [t.name for t in bc_mps.values() if f"{t.name}, MP for" in html]
    assert shown == names
    if not names:
        assert f"No riding or MP matches “{query}”." in html
    assert represent.requests == []  # searching never asks Represent


def test_it_searches_only_the_province_s_sitting_mps(client, mp_campaign, bc_mps, represent):
    from campaigns.models import Riding

    ontario = Riding.objects.create(code="35075", name="Ottawa Centre", province="ON")
    Target.objects.create(name="Yasir Naqvi", email="yasir.naqvi@parl.gc.ca", riding=ontario)
    bc_mps["59035"].departed_at = timezone.now()
    bc_mps["59035"].save()

    html = review(client, mp_campaign, postal_code="V7A 5J9", riding_q="a").content.decode()

    assert "Parm Bains" in html
    assert "Yasir Naqvi" not in html
    assert "Hedy Fry" not in html


def test_it_checks_the_postal_code_s_letters_before_any_lookup(
    client, mp_campaign, bc_mps, represent
):
    response = review(client, mp_campaign, postal_code="W7A 5J9")

    assert "Enter a Canadian postal code" in response.content.decode()
    assert represent.requests == []


def test_it_does_not_look_up_an_mp_for_a_letter_to_ministers_only(client, campaign, represent):
    response = review(client, campaign, postal_code="V7A 5J9")

    assert response.status_code == 200
    assert "Your Member of Parliament" not in response.content.decode()
    assert represent.requests == []


def test_it_sends_the_letter_to_the_chosen_mp_and_the_minister(
    client, mp_campaign, bc_mps, represent, django_capture_on_commit_callbacks
):
    represent.postcode("V6X1A1", centroid=[BAINS], concordance=[AU, BAINS])
    review(client, mp_campaign, postal_code="V6X 1A1")
    au = bc_mps["59027"]

    with django_capture_on_commit_callbacks(execute=True):
        response = send(
            client,
            mp_campaign,
            postal_code="V6X 1A1",
            mp=str(au.pk),
            body="As your constituent in {riding}, I ask you, {mp_name}, to vote no.",
        )

    letter = Letter.objects.get()
    assert response.status_code == 302
    assert letter.mp == au
    assert letter.riding == au.riding
    assert letter.province == "BC"
    to = set(letter.deliveries.filter(kind=Delivery.Kind.TO).values_list("address", flat=True))
    assert to == {"chak.au@parl.gc.ca", "ralph.goodale@parl.gc.ca"}
    message = mail.outbox[0]
    assert "Chak Au <chak.au@parl.gc.ca>" in message.to
    assert "As your constituent in Richmond Centre—Marpole, I ask you, Chak Au," in message.body
    assert represent.postcode_requests("V6X1A1") == 1  # the send step read the cache


def test_it_sends_to_a_riding_picked_from_the_list_when_represent_was_down(
    client, mp_campaign, bc_mps, represent, django_assert_num_queries
):
    represent.fail("/postcodes/V7A5J9/", 503)
    fry = bc_mps["59035"]

    # campaign, template, targets, the province's MPs; then the letter, in a savepoint
    # (its deliveries are the delivery worker's).
    with django_assert_num_queries(7):
        response = send(client, mp_campaign, postal_code="V7A 5J9", riding_q="", mp=str(fry.pk))

    assert response.status_code == 302
    assert Letter.objects.get().mp == fry
    assert represent.requests == []


@pytest.mark.parametrize("tampered", ["minister", "other-province", "unknown", "garbage", ""])
def test_it_rejects_an_mp_that_was_not_offered(
    client, mp_campaign, bc_mps, represent, minister_goodale, tampered
):
    from campaigns.models import Riding

    ontario = Riding.objects.create(code="35075", name="Ottawa Centre", province="ON")
    naqvi = Target.objects.create(name="Yasir Naqvi", email="y.naqvi@parl.gc.ca", riding=ontario)
    represent.postcode("V7A5J9", centroid=[BAINS])
    review(client, mp_campaign, postal_code="V7A 5J9")
    value = {
        "minister": str(minister_goodale.pk),
        "other-province": str(naqvi.pk),
        "unknown": "999999",
        "garbage": "1 OR 1=1",
        "": "",
    }[tampered]

    response = send(client, mp_campaign, postal_code="V7A 5J9", mp=value)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose your MP" in html
    assert not Letter.objects.exists()


def test_it_creates_the_mp_from_represent_s_answer_when_the_directory_is_empty(
    client, mp_campaign, represent
):
    represent.postcode("V7A5J9", centroid=[BAINS])

    response = review(client, mp_campaign, postal_code="V7A 5J9")

    bains = Target.objects.sitting_mps().get()
    assert (bains.name, bains.email, bains.riding.code, bains.riding.province) == (
        "Parm Bains",
        "parm.bains@parl.gc.ca",
        "59028",
        "BC",
    )
    assert "Your letter will go to: <strong>Parm Bains</strong>" in response.content.decode()
    send(client, mp_campaign, postal_code="V7A 5J9", mp=str(bains.pk))
    assert Letter.objects.get().mp == bains


def test_it_names_the_riding_in_french_on_a_french_page(client, mp_campaign, bc_mps, represent):
    from campaigns.models import Riding

    Riding.objects.filter(code="59028").update(name_fr="Richmond-Est—Steveston")
    mp_campaign.letter_templates.update(
        subject_fr="Le droit à la dissidence", body_fr="Je m'oppose."
    )
    represent.postcode("V7A5J9", centroid=[BAINS])

    with translation.override("fr"):
        url = reverse("letters:review", args=[mp_campaign.slug])
    response = client.post(url, letter_data(postal_code="V7A 5J9"))

    assert "Richmond-Est—Steveston" in response.content.decode()


def test_it_addresses_the_own_mail_fallback_to_the_chosen_mp(
    client, mp_campaign, bc_mps, represent
):
    represent.postcode("V7A5J9", centroid=[BAINS])
    review(client, mp_campaign, postal_code="V7A 5J9")
    bains = bc_mps["59028"]

    response = client.post(
        reverse("letters:own_client", args=[mp_campaign.slug]),
        letter_data(postal_code="V7A 5J9", mp=str(bains.pk)),
        follow=True,
    )

    letter = Letter.objects.get()
    assert (letter.state, letter.mp) == (Letter.State.OWN_CLIENT, bains)
    assert "parm.bains@parl.gc.ca" in response.content.decode()


def test_it_refuses_the_own_mail_fallback_with_a_tampered_mp(
    client, mp_campaign, bc_mps, represent, minister_goodale
):
    represent.postcode("V7A5J9", centroid=[BAINS])

    response = client.post(
        reverse("letters:own_client", args=[mp_campaign.slug]),
        letter_data(postal_code="V7A 5J9", mp=str(minister_goodale.pk)),
    )

    assert "Choose your MP from the list." in response.content.decode()
    assert not Letter.objects.exists()


def test_it_previews_the_letter_to_the_mp_on_the_review_step(
    client, mp_campaign, bc_mps, represent
):
    represent.postcode("V7A5J9", centroid=[BAINS])

    html = review(
        client,
        mp_campaign,
        postal_code="V7A 5J9",
        body="As your constituent in {riding}, I ask you, {mp_name}, to vote no.",
    ).content.decode()

    assert "Parm Bains &lt;parm.bains@parl.gc.ca&gt;" in html
    assert "As your constituent in Richmond East—Steveston, I ask you, Parm Bains," in html


def test_it_shows_the_whole_letter_to_the_picked_mp_before_it_can_be_sent(
    client, mp_campaign, mp_directory, represent, django_assert_num_queries
):
    represent.fail("/postcodes/K2P1L4/", 503)
    review(client, mp_campaign, postal_code="K2P 1L4")
    naqvi = mp_directory["35079"]

    with django_assert_num_queries(4):  # campaign, template, its targets, the pick
        response = review(
            client,
            mp_campaign,
            postal_code="K2P 1L4",
            mp=str(naqvi.pk),
            body="As your constituent in {riding}, I ask you, {mp_name}, to vote no.",
        )

    html = response.content.decode()
    assert "Your letter will go to: <strong>Yasir Naqvi</strong>, MP for Ottawa Centre" in html
    assert "Yasir Naqvi &lt;yasir.naqvi@parl.gc.ca&gt;" in html
    assert "Dear Minister Goodale and Yasir Naqvi, MP," in html
    assert "As your constituent in Ottawa Centre, I ask you, Yasir Naqvi, to vote no." in html
    assert "Send my letter" in html
    assert represent.postcode_requests("K2P1L4") == 1  # the pick read no new answer


def test_it_sends_to_represent_s_mp_where_the_postal_code_hint_names_another(
    client, mp_campaign, mp_directory, represent, django_capture_on_commit_callbacks
):
    from campaigns.directory import fsa_hints

    assert fsa_hints()["V7A"] == "59027"  # Richmond Centre—Marpole: Chak Au's riding
    represent.postcode("V7A5J9", centroid=[BAINS])
    bains = mp_directory["59028"]

    html = review(client, mp_campaign, postal_code="V7A 5J9").content.decode()
    again = review(client, mp_campaign, postal_code="v7a5j9", email="sam@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        send(client, mp_campaign, postal_code="V7A 5J9", mp=str(bains.pk))

    assert "Your letter will go to: <strong>Parm Bains</strong>" in html
    assert "Parm Bains" in again.content.decode()
    assert represent.postcode_requests("V7A5J9") == 1  # the second lookup used the cache
    assert Letter.objects.get().mp == bains
    assert "Parm Bains <parm.bains@parl.gc.ca>" in mail.outbox[0].to


def test_it_keeps_represent_s_answer_for_days_in_the_shared_cache(
    client, mp_campaign, bc_mps, represent
):
    import time_machine

    represent.postcode("V7A5J9", centroid=[BAINS])
    with time_machine.travel("2031-03-02 12:00 -05:00", tick=False) as clock:
        review(client, mp_campaign, postal_code="V7A 5J9")
        clock.shift(6 * 24 * 3600)
        review(client, mp_campaign, postal_code="V7A 5J9")
        assert represent.postcode_requests("V7A5J9") == 1
        clock.shift(2 * 24 * 3600)
        review(client, mp_campaign, postal_code="V7A 5J9")

    assert represent.postcode_requests("V7A5J9") == 2
