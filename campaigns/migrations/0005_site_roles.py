"""Editors manage statements' co-signers, achievements and the donation appeal;
Organizers may read them. The digest's subscribers stay with the personal-data
permission (letters.export_personal_data), granted to named people only."""

from django.db import migrations

ROLES = {
    "Editors": [
        "campaigns.add_cosigner",
        "campaigns.change_cosigner",
        "campaigns.delete_cosigner",
        "campaigns.view_cosigner",
        "campaigns.add_achievement",
        "campaigns.change_achievement",
        "campaigns.delete_achievement",
        "campaigns.view_achievement",
        "campaigns.add_achievementlink",
        "campaigns.change_achievementlink",
        "campaigns.delete_achievementlink",
        "campaigns.view_achievementlink",
        "campaigns.add_siteappeal",
        "campaigns.change_siteappeal",
        "campaigns.view_siteappeal",
    ],
    "Organizers": [
        "campaigns.view_cosigner",
        "campaigns.view_achievement",
        "campaigns.view_achievementlink",
        "campaigns.view_siteappeal",
    ],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate).
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


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0004_merge_0002_cosigner_achievement_siteappeal_0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
