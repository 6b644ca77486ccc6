from django.contrib.auth.decorators import permission_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from advocacy import ratelimit
from reports import services as export_services
from reports.exports import stream_csv
from reports.models import ExportLog

from . import services
from .forms import CONSENT_TEXT, SubscribeForm
from .models import Subscriber
from .tokens import CONFIRM_MAX_AGE, CONFIRM_SALT, UNSUBSCRIBE_SALT, subscriber_for


def subscriber_signup(request):
    form = SubscribeForm(request.POST or None)
    wait = 0
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        wait = ratelimit.refuse_form(request, form, "form", email=email)
        if not wait:
            services.subscribe(
                email=email,
                name=form.cleaned_data["name"],
                consent_text=str(CONSENT_TEXT),
                source="signup",
                language=get_language(),
            )
            ratelimit.count(request, "form", email=email)
            return redirect("digest:sent")
    return ratelimit.form_response(
        render(request, "digest/subscriber_signup.html", {"form": form}), wait=wait
    )


def subscriber_sent(request):
    return render(request, "digest/subscriber_sent.html")


def _subscriber_from(token: str, *, salt: str, max_age=None) -> Subscriber | None:
    return subscriber_for(token, salt=salt, max_age=max_age)


@never_cache
def subscriber_confirm(request, token):
    """The link in the confirmation email: a page with a button. Corporate link
    scanners open every link in a message, so the GET confirms nothing."""
    subscriber = _subscriber_from(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if subscriber is None or subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        return render(request, "digest/subscriber_invalid.html", status=400)
    if subscriber.status == Subscriber.Status.PENDING:
        if request.method != "POST":
            return render(request, "digest/subscriber_confirm.html", {"subscriber": subscriber})
        services.confirm_subscription(subscriber)
    return render(request, "digest/subscriber_confirmed.html", {"subscriber": subscriber})


# One click, no login: the link in the message is enough (and mail programs
# POST to it for the List-Unsubscribe-Post button, without a CSRF token).
@csrf_exempt
@never_cache
def subscriber_unsubscribe(request, token):
    subscriber = _subscriber_from(token, salt=UNSUBSCRIBE_SALT)
    if subscriber is None:
        return render(request, "digest/subscriber_invalid.html", status=400)
    services.unsubscribe(subscriber)
    return render(request, "digest/subscriber_unsubscribed.html", {"subscriber": subscriber})


def subscribers_csv(queryset, *, user) -> StreamingHttpResponse:
    """Confirmed subscribers as CSV, streamed and recorded like the supporter lists:
    the one place the list leaves the site."""
    log = export_services.start_export(
        kind=ExportLog.Kind.SUBSCRIBERS, source=ExportLog.Source.WEB, user=user
    )
    # In the order they confirmed: the addresses are encrypted, the database cannot
    # sort them.
    rows = (
        queryset.confirmed()
        .order_by("confirmed_at", "id")
        .values_list("email", "name", "confirmed_at", "source", "consent_text")
    )
    header = [_("email"), _("name"), _("confirmed at"), _("source"), _("consent wording")]
    response = StreamingHttpResponse(
        stream_csv(
            header,
            rows,
            on_finish=lambda n: export_services.finish_export(log, row_count=n),
            # What was typed on the public sign-up form must not run as a spreadsheet
            # formula: "=1+cmd@example.com" is a valid address.
            typed=(0, 1),
        ),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="digest-subscribers-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@permission_required("letters.export_personal_data", raise_exception=True)
def subscriber_export(request):
    return subscribers_csv(Subscriber.objects.all(), user=request.user)
