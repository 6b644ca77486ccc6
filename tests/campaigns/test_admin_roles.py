import pytest
from django.contrib.auth.models import Group, Permission

pytestmark = pytest.mark.django_db


def perms(group: str) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group).permissions.select_related("content_type")
    }


def test_it_lets_editors_write_and_publish_campaigns_and_targets():
    editors = perms("Editors")

    assert {
        "campaigns.add_campaign",
        "campaigns.change_campaign",
        "campaigns.publish_campaign",
        "campaigns.add_lettertemplate",
        "campaigns.change_lettertemplate",
        "campaigns.add_target",
        "campaigns.change_target",
        "campaigns.change_riding",
    } <= editors
    assert "campaigns.delete_campaign" not in editors


def test_it_lets_organizers_read_and_report_but_not_write():
    organizers = perms("Organizers")

    assert {"campaigns.view_campaign", "campaigns.view_reports", "letters.view_letter"} <= (
        organizers
    )
    assert not {p for p in organizers if p.split(".")[1].startswith(("add_", "change_", "delete_"))}
    assert "campaigns.publish_campaign" not in organizers


def test_it_gives_the_personal_data_export_to_no_group():
    export = Permission.objects.get(codename="export_personal_data")

    assert export.content_type.app_label == "letters"
    assert not export.group_set.exists()


def test_it_checks_roles_through_the_user(editor, organizer):
    assert editor.has_perm("campaigns.publish_campaign")
    assert not organizer.has_perm("campaigns.change_campaign")
    assert organizer.has_perm("campaigns.view_reports")
    assert not organizer.has_perm("letters.export_personal_data")
    assert not editor.has_perm("letters.export_personal_data")


@pytest.mark.parametrize(
    ("codename", "name"),
    [
        ("export_personal_data", "Can see and export supporters' personal data"),
        ("review_letter", "Can release or reject held letters"),
        ("retry_delivery", "Can queue failed deliveries again"),
    ],
)
def test_it_gives_what_touches_supporters_letters_to_no_group(codename, name):
    permission = Permission.objects.get(content_type__app_label="letters", codename=codename)

    assert permission.name == name
    assert not permission.group_set.exists()
