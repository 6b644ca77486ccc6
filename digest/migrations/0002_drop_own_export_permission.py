"""The digest's export uses the one personal-data permission,
letters.export_personal_data: its own permission goes."""

from django.db import migrations


def drop_permission(apps, schema_editor):
    apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="digest", codename="export_subscribers"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("digest", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="subscriber",
            options={
                "ordering": ["-created_at"],
                "verbose_name": "subscriber",
                "verbose_name_plural": "subscribers",
            },
        ),
        migrations.RunPython(drop_permission, migrations.RunPython.noop),
    ]
