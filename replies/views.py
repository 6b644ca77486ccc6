from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from advocacy.ratelimit import ratelimit
from campaigns.cache import cache_public_page
from campaigns.models import Campaign, Target

from . import services
from .figures import Responsiveness, responsiveness
from .forms import AnswerForm, ReplyForm
from .links import questionnaire_for
from .models import Answer, Reply


def _answer_page(request, token, questionnaire, *, reply_forms=None, status=200):
    answers = list(
        questionnaire.answers.select_related("target", "reply").order_by("target__name", "id")
    )
    reply_forms = reply_forms or {}
    focus = request.GET.get("q", "")
    for answer in answers:
        answer.focused = str(answer.pk) == focus
        answer.suggested = request.GET.get("choice", "") if answer.focused else ""
        answer.reply_form = reply_forms.get(answer.pk) or _reply_form(answer)
    return render(
        request,
        "replies/questionnaire_answer.html",
        {
            "questionnaire": questionnaire,
            "letter": questionnaire.letter,
            "campaign": questionnaire.letter.campaign,
            "answers": answers,
            "recorded": request.GET.get("recorded") == "1",
            "shared": request.GET.get("shared") == "1",
            "focus": focus,
            "choices": Answer.Choice.choices,
        },
        status=status,
    )


def _reply_form(answer: Answer) -> ReplyForm:
    reply = getattr(answer, "reply", None)
    initial = (
        {
            "text": reply.text,
            "publish_consent": reply.publish_consent,
            "show_first_name": reply.show_first_name,
        }
        if reply
        else {}
    )
    return ReplyForm(initial=initial, prefix=f"r{answer.pk}")


@never_cache
@ratelimit("form", email_field="")
def questionnaire_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire's page. The email's buttons open it; only a press of a button
    here records an answer, since mail scanners open every link they find."""
    questionnaire = questionnaire_for(token)
    if questionnaire is None or questionnaire.sent_at is None:
        return render(request, "privacy/link_invalid.html", status=404)
    if questionnaire.letter.email is None:
        return render(request, "replies/questionnaire_gone.html", status=410)
    if request.method != "POST":
        return _answer_page(request, token, questionnaire)
    form = AnswerForm(request.POST)
    answer = (
        questionnaire.answers.select_related("questionnaire__letter")
        .filter(pk=form.data.get("question") if form.data.get("question", "").isdigit() else None)
        .first()
    )
    if answer is None:
        return _answer_page(request, token, questionnaire, status=400)
    here = reverse("replies:answer", args=[token])
    if "choice" in request.POST:
        if not form.is_valid():
            return _answer_page(request, token, questionnaire, status=400)
        services.record_answer(answer, choice=form.cleaned_data["choice"])
        return redirect(f"{here}?q={answer.pk}&recorded=1#question-{answer.pk}")
    reply_form = ReplyForm(request.POST, prefix=f"r{answer.pk}")
    if not reply_form.is_valid():
        return _answer_page(
            request, token, questionnaire, reply_forms={answer.pk: reply_form}, status=400
        )
    services.submit_reply(answer, **reply_form.cleaned_data)
    return redirect(f"{here}?q={answer.pk}&shared=1#question-{answer.pk}")


@cache_public_page
def target_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A minister's or MP's public page: how they answer the people who write to them."""
    target = get_object_or_404(Target.objects.select_related("riding"), pk=pk)
    figures = responsiveness(target_ids=[target.pk]).get(target.pk, Responsiveness())
    live = set(Campaign.objects.live().values_list("pk", flat=True))
    # A reply names its campaign; the link goes only to a campaign the public may see.
    replies = list(Reply.objects.for_wall().filter(target=target).select_related("campaign"))
    return render(
        request,
        "replies/target_detail.html",
        {"target": target, "figures": figures, "replies": replies, "live_campaigns": live},
    )
