"""The questionnaire email. Pure: builds the message, sends nothing."""

from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from campaigns.identity import identity
from letters.emails import (
    header_safe,
    join_names,
    supporter_headers,
    supporter_links,
)

from .links import answer_url
from .models import Answer, Questionnaire


def build_questionnaire_message(
    questionnaire: Questionnaire, answers: list[Answer], *, sent_on
) -> EmailMultiAlternatives:
    """One email asking, for each target the letter reached, "Did they reply?", with
    a button per answer that opens our page (the page records it on a second press)."""
    letter = questionnaire.letter
    with translation.override(letter.language or settings.LANGUAGE_CODE):
        questions = [
            {
                "target": answer.target,
                "links": [
                    (label, answer_url(questionnaire, answer, choice))
                    for choice, label in Answer.Choice.choices
                ],
            }
            for answer in answers
        ]
        context = {
            "letter": letter,
            "campaign": letter.campaign,
            "questions": questions,
            "target_names": join_names([a.target.name for a in answers]),
            "sent_on": sent_on,
            "page_url": answer_url(questionnaire),
            "org": identity(),
            **supporter_links(letter),
        }
        subject = header_safe(render_to_string("replies/email/questionnaire.subject.txt", context))
        text = render_to_string("replies/email/questionnaire.txt", context)
        html = render_to_string("replies/email/questionnaire.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=context["org"].from_address,
        to=[formataddr((header_safe(letter.full_name), letter.email))],
        headers={"X-Questionnaire-ID": str(questionnaire.public_id), **supporter_headers(letter)},
    )
    message.attach_alternative(html, "text/html")
    message.tags = ["questionnaire"]
    message.metadata = {"questionnaire": str(questionnaire.public_id)}
    return message
