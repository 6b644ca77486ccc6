import letters.models
from django.db import migrations, models


def mark_own_mail(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    Letter.objects.filter(state="own_client").update(own_mail=True)


class Migration(migrations.Migration):
    """Links in emails carry a random key instead of the letter's public id; own-mail
    letters are marked as such, and one whose writer did not prove the address holds
    no place in one letter per email."""

    dependencies = [
        ("campaigns", "0014_call_campaigns_and_offices"),
        ("letters", "0011_letter_modified_at"),
    ]

    operations = [
        # Letters stored before get their key when their first link is made
        # (signed_links.make_token): no table-wide rewrite, no shared default value.
        migrations.AddField(
            model_name="letter",
            name="link_key",
            field=models.CharField(editable=False, max_length=32, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="letter",
            name="link_key",
            field=models.CharField(
                default=letters.models.new_link_key,
                editable=False,
                max_length=32,
                null=True,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="letter",
            name="own_mail",
            field=models.BooleanField(
                default=False, verbose_name="sent from the supporter's own mail"
            ),
        ),
        migrations.RunPython(mark_own_mail, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="letter",
            name="one_letter_per_email_per_campaign",
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("is_test", False),
                    models.Q(("own_mail", False), ("confirmed_at__isnull", False), _connector="OR"),
                ),
                fields=("campaign", "email"),
                name="one_letter_per_email_per_campaign",
            ),
        ),
        migrations.AddConstraint(
            model_name="letter",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("confirmed_at__isnull", True), ("is_test", False), ("own_mail", True)
                ),
                fields=("campaign", "email"),
                name="one_unproven_own_mail_letter_per_email",
            ),
        ),
    ]
