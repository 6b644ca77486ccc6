"""The organization's identity, one row edited by staff: Editors write it, Organizers read it."""

import campaigns.models
from django.db import migrations, models

from advocacy import roles

ROLES = {
    "Editors": [
        "campaigns.add_organization",
        "campaigns.change_organization",
        "campaigns.view_organization",
    ],
    "Organizers": ["campaigns.view_organization"],
}


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0014_call_campaigns_and_offices'),
    ]

    operations = [
        migrations.CreateModel(
            name='Organization',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('full_name', models.CharField(max_length=200, verbose_name='full name')),
                ('full_name_en', models.CharField(max_length=200, null=True, verbose_name='full name')),
                ('full_name_fr', models.CharField(max_length=200, null=True, verbose_name='full name')),
                ('short_name', models.CharField(help_text="Shown beside the logo and in the sender's name of emails.", max_length=40, verbose_name='short name')),
                ('short_name_en', models.CharField(help_text="Shown beside the logo and in the sender's name of emails.", max_length=40, null=True, verbose_name='short name')),
                ('short_name_fr', models.CharField(help_text="Shown beside the logo and in the sender's name of emails.", max_length=40, null=True, verbose_name='short name')),
                ('logo', models.ImageField(blank=True, help_text='PNG, JPEG or WebP, at most 512 KB; shown 48 pixels high.', upload_to='organization/', validators=[campaigns.models.validate_logo_size], verbose_name='logo')),
                ('mailing_address', models.TextField(help_text='As it is written on an envelope, one line per line.', verbose_name='mailing address')),
                ('mailing_address_en', models.TextField(help_text='As it is written on an envelope, one line per line.', null=True, verbose_name='mailing address')),
                ('mailing_address_fr', models.TextField(help_text='As it is written on an envelope, one line per line.', null=True, verbose_name='mailing address')),
                ('contact_email', models.EmailField(max_length=254, verbose_name='contact email')),
                ('contact_url', models.URLField(blank=True, verbose_name='contact page')),
                ('contact_url_en', models.URLField(blank=True, null=True, verbose_name='contact page')),
                ('contact_url_fr', models.URLField(blank=True, null=True, verbose_name='contact page')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
            ],
            options={
                'verbose_name': 'organization',
                'verbose_name_plural': 'organization',
            },
        ),
        migrations.RunPython(roles.grant(ROLES), roles.revoke(ROLES)),
    ]
