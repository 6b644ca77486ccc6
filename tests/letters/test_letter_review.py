import pytest
from django.core import mail
from django.urls import reverse

from campaigns.models import Campaign, LetterTemplate
from letters import services
from letters.models import Letter
from tests.conftest import letter_data

pytestmark = pytest.mark.django_db


def review(client, campaign, **overrides):
    return client.post(reverse("letters:review", args=[campaign.slug]), letter_data(**overrides))


def test_it_shows_exactly_what_the_recipients_receive(client, campaign):
    response = review(client, campaign, subject="Let {first_name}'s neighbour stay")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<dd>Jane Doe via ICLMG &lt;letters@iclmg.example&gt;</dd>" in html
    assert "<li>John McCallum &lt;john.mccallum@parl.gc.ca&gt;</li>" in html
    assert "<li>Ralph Goodale &lt;ralph.goodale@parl.gc.ca&gt;</li>" in html
    assert "<li>campaign@example.org</li>" in html
    assert "<dd>jane@example.com</dd>" in html
    assert "Let Jane&#x27;s neighbour stay" in html
    assert "Dear Minister McCallum and Minister Goodale," in html
    assert "Jane Doe\nOttawa\nK1A 0A6" in html


def test_it_stores_and_sends_nothing(client, campaign):
    review(client, campaign)

    assert not Letter.objects.exists()
    assert mail.outbox == []


def test_it_shows_the_supporters_copy_when_asked_for(client, campaign):
    response = review(client, campaign, send_copy="on")

    messages = response.context["messages_out"]
    assert [m.to for m in messages][1] == ["Jane Doe <jane@example.com>"]
    assert b"Your copy" in response.content


def test_it_carries_the_values_to_send_and_back_to_edit(client, campaign):
    html = review(client, campaign).content.decode()

    assert 'action="/en/campaigns/stop-the-deportation/send/"' in html
    assert 'name="edit" value="1" formaction="/en/campaigns/stop-the-deportation/review/"' in html
    assert '<input type="hidden" name="first_name" value="Jane"' in html


def test_it_goes_back_to_the_form_with_the_values_kept_on_edit(client, campaign):
    response = review(client, campaign, edit="1", body="My own words.")

    html = response.content.decode()
    assert response.templates[0].name == "campaigns/campaign_detail.html"
    assert 'value="Jane"' in html
    assert ">\nMy own words.</textarea>" in html
    assert "error-summary" not in html


def test_it_lists_every_error_at_the_top_linked_to_its_field(client, campaign):
    response = review(client, campaign, postal_code="12345", email="not-an-email")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<div class="error-summary" role="alert"' in html
    assert '<a href="#id_email">Email: Enter a valid email address.</a>' in html
    assert '<a href="#id_postal_code">Postal code: Enter a Canadian postal code' in html
    assert 'aria-invalid="true"' in html
    assert "<title>Error: Stop the deportation" in html


@pytest.mark.parametrize("postal_code", ["12345", "D1A 0A6", "K1A0A", "K1A 0A6 X"])
def test_it_rejects_a_postal_code_that_is_not_canadian(client, campaign, postal_code):
    response = review(client, campaign, postal_code=postal_code)

    assert "postal_code" in response.context["form"].errors


def test_it_normalizes_the_postal_code_in_the_signature(client, campaign):
    response = review(client, campaign, postal_code=" h2x1y4 ")

    assert response.context["letter"].postal_code == "H2X 1Y4"
    assert b"H2X 1Y4" in response.content


def test_it_fills_placeholders_in_the_subject_and_body(client, campaign):
    body = "I am {full_name} of {city} ({postal_code}); I write to {target_names}. {unknown}"
    response = review(client, campaign, body=body)

    text = response.context["messages_out"][0].body
    assert (
        "I am Jane Doe of Ottawa (K1A 0A6); I write to Minister McCallum and "
        "Minister Goodale. {unknown}"
    ) in text


def test_it_shows_the_model_letter_when_editing_is_not_allowed(client, campaign):
    LetterTemplate.objects.filter(campaign=campaign).update(editable=False)

    response = review(client, campaign, subject="Tampered", body="Tampered body.")

    message = response.context["messages_out"][0]
    assert message.subject == "Let Jane's neighbour stay"
    assert "Tampered" not in message.body
    assert "I write from Ottawa to ask you to stop this deportation." in message.body


def test_it_answers_a_closed_campaign_with_its_closed_page(client, closed_campaign):
    response = review(client, closed_campaign)

    assert response.status_code == 410
    assert b"This campaign is closed" in response.content


def test_it_404s_on_a_draft(client, draft_campaign):
    assert review(client, draft_campaign).status_code == 404


def test_it_refuses_a_get(client, campaign):
    assert client.get(reverse("letters:review", args=[campaign.slug])).status_code == 405


def test_it_renders_in_three_queries(client, campaign, django_assert_num_queries):
    with django_assert_num_queries(3):  # the campaign, its model letter, the targets
        response = review(client, campaign, send_copy="on")

    assert response.status_code == 200
    assert Campaign.objects.get().letter_count == 0


def test_it_shows_accented_names_as_they_are_written_not_mime_encoded(client, campaign):
    from campaigns.models import Riding, Target

    riding = Riding.objects.create(code="24015", name="Brossard—Saint-Lambert", province="QC")
    mendes = Target.objects.create(
        name="Alexandra Mendès", email="alexandra.mendes@parl.gc.ca", riding=riding
    )
    campaign.letter_templates.get().targets.add(mendes)

    response = review(client, campaign, first_name="Jean-François", last_name="Côté")

    html = response.content.decode()
    assert "<dd>Jean-François Côté via ICLMG &lt;letters@iclmg.example&gt;</dd>" in html
    assert "<li>Alexandra Mendès &lt;alexandra.mendes@parl.gc.ca&gt;</li>" in html
    assert "=?utf-8?" not in html
    # The message itself carries them encoded, as mail headers require.
    _, built = services.preview_letter(
        campaign, template=campaign.letter_templates.get(), **response.context["form"].cleaned_data
    )
    assert built[0].message()["From"].startswith("=?utf-8?q?Jean-Fran=C3=A7ois_C=C3=B4t=C3=A9")


def test_it_asks_for_the_city_a_letter_names_rather_than_leave_a_gap(client, campaign):
    response = review(client, campaign, city="", body="I am writing from {city} because I care.")

    html = response.content.decode()
    assert "Your letter mentions your city: enter it, or take {city} out of the letter." in html
    assert ">\nI am writing from {city} because I care.</textarea>" in html  # kept as typed
    assert "Review your letter" not in html


def test_it_shows_the_street_address_to_its_writer_on_the_review_only(client, campaign):
    from letters.models import Letter

    html = review(client, campaign, street_address="12 Elm Street", send_copy="on").content
    html = html.decode()
    letter_text, copy_note = html.split("Your copy", 1)

    assert "Jane Doe\n12 Elm Street\nOttawa\nK1A 0A6" in letter_text
    assert "12 Elm Street" not in copy_note.split('name="street_address"')[0]
    client.post(
        reverse("letters:send", args=[campaign.slug]), letter_data(street_address="12 Elm Street")
    )
    letter = Letter.objects.get()
    assert letter.street_address == "12 Elm Street"
    for page in ("letters:thanks", "letters:status"):
        assert (
            "12 Elm Street"
            not in client.get(reverse(page, args=[letter.public_id])).content.decode()
        )
