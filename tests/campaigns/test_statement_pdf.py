import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from campaigns.models import CoSigner
from campaigns.pdf import html_paragraphs

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_it_makes_a_pdf_of_the_statement_and_its_approved_cosigners(client, statement):
    CoSigner.objects.create(campaign=statement, name="Ligue des droits et libertés (LDL)",
                            status="approved", position=9)  # fmt: skip
    CoSigner.objects.create(campaign=statement, name="Not Yet Approved", status="requested")

    response = client.get(reverse("campaigns:statement_pdf", args=[statement.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Uphold the right to dissent" in text
    assert "We stand together for the right to dissent." in text
    assert "Signed by" in text
    # Accents survive: the font is Unicode.
    assert text.index("Canadian Labour Congress") < text.index("United Church of Canada")
    assert text.index("United Church of Canada") < text.index("Ligue des droits et libertés (LDL)")
    assert "Not Yet Approved" not in text
    assert "http://testserver/en/campaigns/uphold-the-right-to-dissent/" in text


def test_it_has_no_pdf_for_a_letter_campaign(client, campaign):
    assert client.get(reverse("campaigns:statement_pdf", args=[campaign.slug])).status_code == 404


def test_it_prints_the_statement_with_its_cosigners(client, statement):
    response = client.get(reverse("campaigns:statement_print", args=[statement.slug]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "We stand together" in html
    assert "Canadian Labour Congress" in html
    assert 'href="/static/css/print.css" media="print"' in html


def test_it_turns_sanitized_html_into_paragraphs():
    assert html_paragraphs("<p>One &amp; two</p><ul><li>A</li><li>B</li></ul><p>Three</p>") == [
        "One & two",
        "• A",
        "• B",
        "Three",
    ]


def test_it_remakes_the_pdf_when_a_cosigner_is_approved(client, statement):
    url = reverse("campaigns:statement_pdf", args=[statement.slug])
    first = client.get(url).content
    assert client.get(url).content == first  # kept, not made again
    late = CoSigner.objects.create(campaign=statement, name="Late Signer", status="requested")

    assert "Late Signer" not in pdf_text(client.get(url).content)
    CoSigner.objects.filter(pk=late.pk).update(status="approved")
    assert "Late Signer" in pdf_text(client.get(url).content)


def test_it_keeps_line_breaks_inside_a_paragraph():
    assert html_paragraphs("<p>One</p><p>Two<br>lines</p>") == ["One", "Two\nlines"]
