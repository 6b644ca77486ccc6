"""The questionnaire's link: an unguessable token that carries no readable id.

The token is a keyed hash of the questionnaire's public id (SECRET_KEY), so the
same questionnaire always has the same link, even if its email is sent again; the
database keeps only the token's SHA-256, from which no link can be rebuilt.
"""

import base64
import hashlib
import hmac
import re
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from .models import Answer, Questionnaire, hash_token

TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32}$")


def make_token(questionnaire: Questionnaire) -> str:
    key = settings.SECRET_KEY.encode()
    message = b"replies.questionnaire:" + questionnaire.public_id.bytes
    return base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()[:24]).decode()


def questionnaire_for(token: str) -> Questionnaire | None:
    """The questionnaire a link opens, or None for a link cut, changed or not ours."""
    if not TOKEN_RE.match(token or ""):
        return None
    return (
        Questionnaire.objects.select_related("letter__campaign")
        .filter(token_hash=hash_token(token))
        .first()
    )


def answer_url(questionnaire: Questionnaire, answer: Answer | None = None, choice: str = "") -> str:
    """The questionnaire's page; from a button in the email, with the question and the
    answer the supporter pressed (the page still asks them to confirm it)."""
    path = reverse("replies:answer", args=[make_token(questionnaire)])
    query = {"q": answer.pk, "choice": choice} if answer is not None else {}
    return settings.SITE_URL + path + (f"?{urlencode(query)}" if query else "")
