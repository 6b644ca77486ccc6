"""What the site holds about one email address: the supporter's access report
(Quebec's Law 25), the same for the page and the JSON download. Reads only."""

from datetime import datetime

from django.db.models import Prefetch

from digest.models import Subscriber
from letters.models import Delivery, Letter
from partners.models import PartnerConsent
from replies.models import Answer, Questionnaire, Reply


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _delivery(delivery: Delivery, answers: dict, replies: dict) -> dict:
    answer = answers.get(delivery.pk)
    reply = replies.get(answer.pk) if answer else None
    return {
        "kind": delivery.kind,
        "kind_label": delivery.get_kind_display(),
        "recipient": delivery.name,
        "address": delivery.address,
        "state": delivery.state,
        "state_label": delivery.get_state_display(),
        "attempts": delivery.attempts,
        "sent_at": _when(delivery.sent_at),
        "did_they_reply": answer.choice or None if answer else None,
        "did_they_reply_label": answer.get_choice_display() or None if answer else None,
        "answered_at": _when(answer.answered_at) if answer else None,
        "reply": {
            "text": reply.text,
            "received_on": reply.received_on.isoformat(),
            "state": reply.state,
            "publish_consent": reply.publish_consent,
            "show_first_name": reply.show_first_name,
        }
        if reply
        else None,
    }


def _letter(letter: Letter, answers: dict, replies: dict, questionnaires: dict) -> dict:
    return {
        "campaign": letter.campaign.title,
        "created_at": _when(letter.created_at),
        "state": letter.state,
        "state_label": letter.get_state_display(),
        "first_name": letter.first_name,
        "last_name": letter.last_name,
        "email": letter.email,
        "postal_code": letter.postal_code,
        "street_address": letter.street_address,
        "city": letter.city,
        "province": letter.province,
        "riding": letter.riding.name if letter.riding else "",
        "language": letter.language,
        "subject": letter.subject,
        "text": letter.body,
        "sent_from_own_mail": letter.own_mail,
        "copy_to_self": letter.send_copy,
        "news_consent": letter.news_opt_in,
        "confirmed_at": _when(letter.confirmed_at),
        "unsubscribed_at": _when(letter.unsubscribed_at),
        "erased_at": _when(letter.erased_at),
        "ip_hash": letter.ip_hash,
        "partner": letter.partner_slug,
        "source": {
            "utm_source": letter.utm_source,
            "utm_medium": letter.utm_medium,
            "utm_campaign": letter.utm_campaign,
            "referring_site": letter.referrer_origin,
        },
        "partner_consents": [
            {
                "partner": consent.partner.name,
                "wording": consent.wording,
                "language": consent.language,
                "given_at": _when(consent.given_at),
            }
            for consent in letter.partner_consents.all()
        ],
        "reply_questionnaire_sent_at": _when(questionnaires.get(letter.pk)),
        "deliveries": [_delivery(d, answers, replies) for d in letter.deliveries.all()],
    }


def _subscription(subscriber: Subscriber) -> dict:
    return {
        "email": subscriber.email,
        "name": subscriber.name,
        "status": subscriber.status,
        "status_label": subscriber.get_status_display(),
        "consent_wording": subscriber.consent_text,
        "consented_at": _when(subscriber.consented_at),
        "confirmed_at": _when(subscriber.confirmed_at),
        "unsubscribed_at": _when(subscriber.unsubscribed_at),
        "language": subscriber.language,
        "source": subscriber.source,
    }


def held_about(email: str) -> dict:
    """Everything stored about this address: letters (with their deliveries, consents,
    answers and replies) and the news digest subscription."""
    letters = list(
        Letter.objects.of_address(email)
        .select_related("campaign", "riding")
        .prefetch_related(
            Prefetch("deliveries", Delivery.objects.order_by("kind", "id")),
            Prefetch("partner_consents", PartnerConsent.objects.select_related("partner")),
        )
        .order_by("created_at", "id")
    )
    ids = [letter.pk for letter in letters]
    answers = {a.delivery_id: a for a in Answer.objects.filter(delivery__letter__in=ids)}
    replies = {r.answer_id: r for r in Reply.objects.filter(answer__in=answers.values())}
    questionnaires = dict(
        Questionnaire.objects.filter(letter__in=ids).values_list("letter_id", "sent_at")
    )
    subscribers = Subscriber.objects.of_address(email).order_by("id")
    return {
        "email": email,
        "letters": [_letter(letter, answers, replies, questionnaires) for letter in letters],
        "news_digest": [_subscription(s) for s in subscribers],
    }
