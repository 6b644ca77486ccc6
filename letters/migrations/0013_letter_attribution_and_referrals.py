import secrets

from django.db import migrations, models

import letters.models


def give_each_letter_a_code(apps, schema_editor):
    """Letters stored before referrals: each its own random code."""
    Letter = apps.get_model("letters", "Letter")
    batch = []
    for letter in Letter.objects.filter(referral_code__isnull=True).only("id").iterator():
        letter.referral_code = secrets.token_urlsafe(6)
        batch.append(letter)
        if len(batch) >= 5000:
            Letter.objects.bulk_update(batch, ["referral_code"])
            batch = []
    Letter.objects.bulk_update(batch, ["referral_code"])


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0012_letter_link_key_own_mail'),
    ]

    operations = [
        migrations.AddField(
            model_name='letter',
            name='utm_source',
            field=models.CharField(blank=True, max_length=100, verbose_name='source'),
        ),
        migrations.AddField(
            model_name='letter',
            name='utm_medium',
            field=models.CharField(blank=True, max_length=100, verbose_name='medium'),
        ),
        migrations.AddField(
            model_name='letter',
            name='utm_campaign',
            field=models.CharField(blank=True, max_length=100, verbose_name='campaign tag'),
        ),
        migrations.AddField(
            model_name='letter',
            name='partner_slug',
            field=models.CharField(blank=True, max_length=50, verbose_name='partner'),
        ),
        migrations.AddField(
            model_name='letter',
            name='embedded',
            field=models.BooleanField(default=False, verbose_name='sent from an embedded form'),
        ),
        migrations.AddField(
            model_name='letter',
            name='referrer_origin',
            field=models.CharField(blank=True, max_length=200, verbose_name='referring site'),
        ),
        migrations.AddField(
            model_name='letter',
            name='referred_by',
            field=models.CharField(blank=True, db_index=True, max_length=16, verbose_name='referred by'),
        ),
        migrations.AddField(
            model_name='letter',
            name='referral_code',
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name='referral code'),
        ),
        migrations.RunPython(give_each_letter_a_code, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='letter',
            name='referral_code',
            field=models.CharField(default=letters.models.new_referral_code, editable=False, max_length=16, unique=True, verbose_name='referral code'),
        ),
    ]
