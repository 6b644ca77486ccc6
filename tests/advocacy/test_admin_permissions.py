"""Every admin action and view that changes something is checked on the server.

The actions and views are enumerated from the admin site itself, so an action
added later without a permission, or a custom view without a guard, fails here.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import serializers
from django.urls import reverse

from api.models import ApiKey
from api.services import issue_key
from campaigns.models import (
    Achievement,
    AchievementLink,
    CoSigner,
    Organization,
    RecipientChange,
    Riding,
    SiteAppeal,
)
from digest.models import Subscriber
from letters.models import Delivery, DeliveryPace, Letter, PersonalDataView
from partners.models import Partner
from partners.services import record_consent
from privacy.models import AccessRequest, Incident, IncidentChange
from replies.models import Reply
from reports.models import ExportLog
from tests.conftest import make_letter
from webhooks.models import Endpoint, OutboxEvent

pytestmark = pytest.mark.django_db

# Django's own pages of every ModelAdmin; the others are ours.
STANDARD_VIEWS = ("changelist", "add", "history", "delete", "change", "autocomplete")


def admin_actions() -> list[tuple[type, str]]:
    return sorted(
        (
            (model, name)
            for model, model_admin in admin.site._registry.items()
            for _func, name, _desc in model_admin._get_base_actions()
        ),
        key=lambda pair: (pair[0]._meta.label, pair[1]),
    )


def custom_views() -> list[tuple[type, str]]:
    return sorted(
        (
            (model, pattern.name)
            for model, model_admin in admin.site._registry.items()
            for pattern in model_admin.get_urls()
            if pattern.name and not pattern.name.endswith(STANDARD_VIEWS)
        ),
        key=lambda pair: (pair[0]._meta.label, pair[1]),
    )


def label(value) -> str:
    return value._meta.label if hasattr(value, "_meta") else str(value)


@pytest.fixture
def world(campaign, statement, organizer, editor):
    """One of everything the admin can change, in every state an action looks for."""
    held = make_letter(campaign, email="held@example.com", body="I live at H2X 1Y4.")
    assert held.state == Letter.State.HELD
    failed = make_letter(campaign, email="failed@example.com", send_copy=True)
    failed.deliveries.update(state=Delivery.State.FAILED, last_error="SMTP 550 No such user")
    CoSigner.objects.create(campaign=statement, name="Fake Org", contact_email="x@example.org")
    Subscriber.objects.create(
        email="reader@example.com", consent_text="Yes", consented_at=held.created_at
    )
    achievement = Achievement.objects.create(title="A win", date_label="2019")
    AchievementLink.objects.create(achievement=achievement, title="News", url="https://e.org/")
    SiteAppeal.objects.create(text="<p>Give</p>", url="https://example.org/give")
    Organization.objects.create(
        full_name="A Coalition",
        short_name="AC",
        mailing_address="1 Main St",
        contact_email="a@e.org",
    )
    Riding.objects.create(code="35075", name="Ottawa Centre", province="ON")
    ExportLog.objects.create(kind=ExportLog.Kind.SUPPORTERS, source=ExportLog.Source.WEB)
    PersonalDataView.objects.create(model="letters.letter", page=PersonalDataView.Page.LIST)
    RecipientChange.objects.create(campaign=campaign, field=RecipientChange.Field.CC)
    DeliveryPace.objects.create(rate_per_minute=600)
    AccessRequest.objects.create(
        kind=AccessRequest.Kind.ACCESS,
        received_by=AccessRequest.Channel.PHONE,
        outcome=AccessRequest.Outcome.SENT,
        address_hash="0" * 64,
    )
    incident = Incident.objects.create(
        reported_by="Sam", description="A lost laptop", data_affected="Names"
    )
    IncidentChange.objects.create(incident=incident, changes={"description": ["", "A lost laptop"]})
    Reply.objects.create(
        target=campaign.letter_templates.get().targets.first(),
        text="We are reviewing the file.",
        state=Reply.State.PENDING,
        publish_consent=True,
    )
    partner = Partner.objects.create(name="BCCLA", slug="bccla")
    record_consent(failed, partner=partner)
    issue_key(ApiKey(name="CRM", partner=partner))
    endpoint = Endpoint.objects.create(name="CRM", url="https://crm.example", events=[])
    OutboxEvent.objects.create(
        endpoint=endpoint,
        event=Endpoint.Event.LETTER_ACCEPTED,
        payload={},
        state=OutboxEvent.State.FAILED,
        retry_until=held.created_at,
    )


def snapshot() -> str:
    """Every row the admin could change (sessions aside: logging in writes one)."""
    models = [m for m in apps.get_models() if m._meta.app_label not in ("sessions",)]
    return "\n".join(
        serializers.serialize("json", m._default_manager.order_by("pk")) for m in models
    )


def test_it_declares_a_permission_on_every_admin_action():
    undeclared = [
        f"{label(model)}: {name}"
        for model, model_admin in admin.site._registry.items()
        for func, name, _desc in model_admin._get_base_actions()
        if not getattr(func, "allowed_permissions", None)
    ]

    assert undeclared == []


@pytest.mark.parametrize(("model", "action"), admin_actions(), ids=lambda v: label(v))
def test_it_refuses_an_organizers_post_of_every_admin_action(
    client, world, organizer, mailoutbox, django_capture_on_commit_callbacks, model, action
):
    client.force_login(organizer)

    assert_refused(client, model, action, django_capture_on_commit_callbacks)
    assert not mailoutbox


def assert_refused(client, model, action: str, capture) -> None:
    """POST the action on every row of the model: 403, nothing changed, nothing queued."""
    before = snapshot()
    selected = [str(pk) for pk in model._default_manager.values_list("pk", flat=True)]
    assert selected, f"the world fixture has no {label(model)}"
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    with capture(execute=True) as callbacks:
        response = client.post(
            changelist, {"action": action, "_selected_action": selected, "index": "0"}
        )

    assert response.status_code == 403
    assert snapshot() == before
    assert not callbacks


# Editors write campaigns, but what supporters sent is not theirs to release, reject,
# retry or unsubscribe.
SUPPORTERS_MODELS = (Letter, Delivery, Subscriber)


@pytest.mark.parametrize(
    ("model", "action"),
    [(m, a) for m, a in admin_actions() if m in SUPPORTERS_MODELS],
    ids=lambda v: label(v),
)
def test_it_refuses_an_editors_post_of_the_actions_on_supporters_letters(
    client, world, editor, mailoutbox, django_capture_on_commit_callbacks, model, action
):
    client.force_login(editor)

    assert_refused(client, model, action, django_capture_on_commit_callbacks)
    assert not mailoutbox


def view_url(model, name: str) -> str:
    """The address of one of a ModelAdmin's views, for an existing object when it takes one."""
    obj = model._default_manager.order_by("pk").first()
    for pattern in admin.site._registry[model].get_urls():
        if pattern.name == name:
            takes_object = "object_id" in pattern.pattern.regex.groupindex
            return reverse(f"admin:{name}", args=[obj.pk] if takes_object else [])
    raise LookupError(name)


@pytest.mark.parametrize(("model", "name"), custom_views(), ids=lambda v: label(v))
def test_it_refuses_an_organizers_post_to_every_custom_admin_view(
    client, world, organizer, mailoutbox, django_capture_on_commit_callbacks, model, name
):
    client.force_login(organizer)
    before = snapshot()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(view_url(model, name), {})

    assert response.status_code == 403
    assert snapshot() == before
    assert not callbacks
    assert not mailoutbox


@pytest.mark.parametrize("model", list(admin.site._registry), ids=label)
@pytest.mark.parametrize("view", ["add", "change", "delete"])
def test_it_refuses_an_organizers_post_to_every_add_change_and_delete_page(
    client, world, organizer, model, view
):
    client.force_login(organizer)
    before = snapshot()
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    obj = model._default_manager.order_by("pk").first()

    response = client.post(
        reverse(f"{prefix}_{view}", args=[] if view == "add" else [obj.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert snapshot() == before


def test_it_lets_a_named_reviewer_release_held_letters(
    client, world, editor, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="review_letter"))
    client.force_login(editor)
    held = Letter.objects.get(state=Letter.State.HELD)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:letters_letter_changelist"),
            {"action": "release_held_letters", "_selected_action": [held.pk], "index": "0"},
            follow=True,
        )

    assert b"1 letters released." in response.content
    held.refresh_from_db()
    assert held.state == Letter.State.ACCEPTED
    history = client.get(reverse("admin:letters_letter_history", args=[held.pk])).content
    assert b"Released: sent and counted." in history and b"edith" in history
