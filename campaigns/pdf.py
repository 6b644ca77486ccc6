"""The PDF of a joint statement with its co-signers, for delivery to a minister's office."""

import html
import logging
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from fpdf import FPDF

from .identity import identity
from .models import Campaign, CoSigner

# fontTools reports every table it subsets at INFO: noise in the server's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# Vendored under static/fonts (with its licence) so the PDF never depends on the
# machine; Debian's fonts-dejavu-core is the second choice.
FONT_DIRS = [settings.BASE_DIR / "static" / "fonts", Path("/usr/share/fonts/truetype/dejavu")]


def _font_file(name: str) -> Path | None:
    return next((d / name for d in FONT_DIRS if (d / name).is_file()), None)


def html_paragraphs(text: str) -> list[str]:
    """Sanitized HTML as plain paragraphs: each block and list item one paragraph."""
    text = re.sub(r"<li[^>]*>", "\n• ", text or "", flags=re.I)
    text = re.sub(r"</(p|h[1-6]|blockquote|ul|ol|li)>|<hr\s*/?>", "\n\n", text, flags=re.I)
    text = re.sub(r"<br\s*/?>", "\n", text, flags=re.I)
    plain = html.unescape(strip_tags(text))
    paragraphs, current = [], []
    for line in plain.splitlines():
        line = " ".join(line.split())
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


class StatementPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="Letter")
        self.footer_text = footer_text
        regular, bold = _font_file("DejaVuSans.ttf"), _font_file("DejaVuSans-Bold.ttf")
        if regular and bold:
            self.add_font("Body", "", str(regular))
            self.add_font("Body", "B", str(bold))
            self.family = "Body"
        else:  # pragma: no cover - only on a machine without any DejaVu file
            self.family = "Helvetica"
        self.set_margins(25, 25, 25)
        self.set_auto_page_break(True, margin=25)

    def text_out(self, value: str) -> str:
        if self.family == "Helvetica":  # the core font knows Latin-1 only
            value = value.replace("’", "'").replace("“", '"').replace("”", '"')
            value = value.replace("…", "...").replace("•", "-").replace("–", "-")
            return value.encode("latin-1", "replace").decode("latin-1")
        return value

    def footer(self):
        self.set_y(-15)
        self.set_font(self.family, "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 10, self.text_out(self.footer_text), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 10, f"{self.page_no()}/{{nb}}", align="R")


def statement_pdf(campaign: Campaign, cosigners: list[CoSigner], *, url: str, now=None) -> bytes:
    """The statement's title, text and approved co-signers, as PDF bytes."""
    now = now or timezone.now()
    pdf = StatementPDF(footer_text=url)
    pdf.set_title(campaign.title)
    pdf.set_author(identity().full_name)
    pdf.set_creator(identity().short_name)
    pdf.add_page()
    t = pdf.text_out
    pdf.set_font(pdf.family, "B", 10)
    pdf.set_text_color(138, 28, 28)
    pdf.cell(0, 6, t(_("Joint statement")).upper(), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(pdf.family, "B", 18)
    pdf.multi_cell(0, 9, t(campaign.title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.family, "", 10)
    pdf.cell(0, 8, t(date_format(timezone.localtime(now), "DATE_FORMAT")), new_x="LMARGIN",
             new_y="NEXT")  # fmt: skip
    pdf.ln(4)
    pdf.set_font(pdf.family, "", 11)
    for paragraph in html_paragraphs(campaign.story) or [campaign.summary]:
        pdf.multi_cell(0, 6, t(paragraph), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    if cosigners:
        pdf.ln(4)
        pdf.set_font(pdf.family, "B", 13)
        pdf.cell(0, 8, t(_("Signed by")), new_x="LMARGIN", new_y="NEXT")
        for cosigner in cosigners:
            pdf.set_font(pdf.family, "B", 11)
            pdf.multi_cell(0, 6, t(cosigner.name), new_x="LMARGIN", new_y="NEXT")
            if cosigner.url:
                pdf.set_font(pdf.family, "", 9)
                pdf.set_text_color(90, 90, 90)
                pdf.multi_cell(0, 5, t(cosigner.url), new_x="LMARGIN", new_y="NEXT")
                pdf.set_text_color(0, 0, 0)
            pdf.ln(2)
    return bytes(pdf.output())
