import digest.models
from django.db import migrations, models


class Migration(migrations.Migration):
    """Links in digest emails carry a random key instead of the subscriber's id and
    address. Subscribers signed up before get theirs with their first new link."""

    dependencies = [
        ("digest", "0003_subscriber_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="link_key",
            field=models.CharField(editable=False, max_length=32, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="subscriber",
            name="link_key",
            field=models.CharField(
                default=digest.models.new_link_key,
                editable=False,
                max_length=32,
                null=True,
                unique=True,
            ),
        ),
    ]
