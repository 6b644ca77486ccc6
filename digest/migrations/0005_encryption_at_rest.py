"""The News Digest's addresses and names encrypted at rest (advocacy/crypto.py), one
subscriber per address through the address's blind index; as letters 0015."""

from django.db import migrations, models

import advocacy.models
from advocacy import crypto

BATCH = 2000


def seal(apps, schema_editor):
    Subscriber = apps.get_model("digest", "Subscriber")
    last = 0
    while True:
        rows = list(
            Subscriber.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", "email", "name")[:BATCH]
        )
        if not rows:
            return
        Subscriber.objects.bulk_update(
            [
                Subscriber(
                    pk=pk,
                    email_index=crypto.blind_index(email),
                    email_sealed=crypto.encrypt(email, column="digest.subscriber.email"),
                    name_sealed=crypto.encrypt(name, column="digest.subscriber.name") if name else b"",
                )
                for pk, email, name in rows
            ],
            ["email_index", "email_sealed", "name_sealed"],
        )
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [
        ("digest", "0004_subscriber_link_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscriber",
            name="email_index",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="subscriber", name="email_sealed", field=models.BinaryField(null=True)
        ),
        migrations.AddField(
            model_name="subscriber", name="name_sealed", field=models.BinaryField(null=True)
        ),
        migrations.RunPython(seal, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="subscriber", name="email"),
        migrations.RemoveField(model_name="subscriber", name="name"),
        migrations.RenameField(model_name="subscriber", old_name="email_sealed", new_name="email"),
        migrations.RenameField(model_name="subscriber", old_name="name_sealed", new_name="name"),
        migrations.AlterField(
            model_name="subscriber",
            name="email",
            field=advocacy.models.EncryptedField(input="email", max_length=254, verbose_name="email"),
        ),
        migrations.AlterField(
            model_name="subscriber",
            name="name",
            field=advocacy.models.EncryptedField(blank=True, max_length=200, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="subscriber",
            name="email_index",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
