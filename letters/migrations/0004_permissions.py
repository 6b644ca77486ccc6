"""Permissions for what staff may do to letters: review held ones, retry failed
deliveries; the personal-data permission renamed for what it now covers (seeing
supporters' details anywhere in the admin, not only exporting them)."""

from django.db import migrations


def rename_personal_data_permission(apps, schema_editor):
    # Django creates new permissions after migrating but never renames existing
    # ones: every grant stays (same codename); its name now says what it covers.
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="letters", codename="export_personal_data"
    ).update(name="Can see and export supporters' personal data")


def restore_name(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="letters", codename="export_personal_data"
    ).update(name="Can export supporters' personal data")


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("letters", "0003_merge_20261125_1230"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="delivery",
            options={
                "ordering": ["letter", "kind", "id"],
                "permissions": [("retry_delivery", "Can queue failed deliveries again")],
                "verbose_name": "delivery",
                "verbose_name_plural": "deliveries",
            },
        ),
        migrations.AlterModelOptions(
            name="letter",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    ("export_personal_data", "Can see and export supporters' personal data"),
                    ("review_letter", "Can release or reject held letters"),
                ],
                "verbose_name": "letter",
                "verbose_name_plural": "letters",
            },
        ),
        migrations.RunPython(rename_personal_data_permission, restore_name),
    ]
