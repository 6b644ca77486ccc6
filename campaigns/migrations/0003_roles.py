"""Roles as groups: Editors write and publish, Organizers read and report.

Exporting supporters' personal data (letters.export_personal_data) is given to
no group: a superuser grants it to a named person.
"""

from django.db import migrations

EDITORS = "Editors"
ORGANIZERS = "Organizers"

ROLES = {
    EDITORS: [
        "campaigns.add_campaign",
        "campaigns.change_campaign",
        "campaigns.view_campaign",
        "campaigns.publish_campaign",
        "campaigns.add_lettertemplate",
        "campaigns.change_lettertemplate",
        "campaigns.delete_lettertemplate",
        "campaigns.view_lettertemplate",
        "campaigns.add_target",
        "campaigns.change_target",
        "campaigns.view_target",
        "campaigns.add_riding",
        "campaigns.change_riding",
        "campaigns.view_riding",
        "letters.view_letter",
        "letters.view_delivery",
    ],
    ORGANIZERS: [
        "campaigns.view_campaign",
        "campaigns.view_lettertemplate",
        "campaigns.view_target",
        "campaigns.view_riding",
        "campaigns.view_reports",
        "letters.view_letter",
        "letters.view_delivery",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); create
    # them now so that a fresh database gets its groups in the same run.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("campaigns", "0002_alter_campaign_options"),
        ("letters", "0002_alter_letter_options"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
