"""Access and erasure requests answered by staff, the register of confidentiality
incidents and its changes; Editors keep the register."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from advocacy import roles

# Editors keep the register of confidentiality incidents (Quebec's Law 25).
ROLES = {"Editors": ["privacy.keep_incident_log"]}


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("campaigns", "0005_site_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name='Incident',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField(blank=True, null=True, verbose_name='when it happened')),
                ('discovered_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when it was discovered')),
                ('reported_by', models.CharField(help_text='Who noticed it and told us.', max_length=200, verbose_name='reported by')),
                ('description', models.TextField(help_text='Access, use, disclosure or loss of personal information: how, by whom.', verbose_name='what happened')),
                ('data_affected', models.TextField(help_text='Which kinds of data: names, emails, postal codes, letters…', verbose_name='personal information affected')),
                ('people_affected', models.PositiveIntegerField(blank=True, help_text='Empty while unknown.', null=True, verbose_name='number of people affected')),
                ('risk', models.CharField(choices=[('unknown', 'Not assessed yet'), ('low', 'Low'), ('serious', 'Risk of serious injury')], default='unknown', max_length=10, verbose_name='risk assessment')),
                ('risk_reasons', models.TextField(blank=True, help_text='How sensitive the data is, how it could be misused, the likely consequences.', verbose_name='why this risk')),
                ('notify_commission', models.BooleanField(default=False, verbose_name="notify the Commission d'accès à l'information")),
                ('notify_people', models.BooleanField(default=False, verbose_name='notify the people concerned')),
                ('decision_reasons', models.TextField(blank=True, verbose_name='why this decision')),
                ('decided_by', models.CharField(blank=True, max_length=200, verbose_name='decided by')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided on')),
                ('measures', models.TextField(blank=True, help_text='To reduce the risk of injury and to keep it from happening again.', verbose_name='measures taken')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded at')),
            ],
            options={
                'verbose_name': 'confidentiality incident',
                'verbose_name_plural': 'confidentiality incidents',
                'ordering': ['-discovered_at', '-id'],
                'permissions': [('keep_incident_log', 'Can keep the register of confidentiality incidents')],
            },
        ),
        migrations.CreateModel(
            name='AccessRequest',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('username', models.CharField(blank=True, max_length=150, verbose_name='username')),
                ('kind', models.CharField(choices=[('access', 'Access'), ('erasure', 'Erasure')], max_length=10, verbose_name='request')),
                ('received_by', models.CharField(choices=[('email', 'Email'), ('phone', 'Phone'), ('letter', 'Letter'), ('in_person', 'In person'), ('other', 'Other')], max_length=10, verbose_name='received by')),
                ('note', models.TextField(blank=True, verbose_name='staff note')),
                ('outcome', models.CharField(choices=[('sent', 'Sent'), ('no_data', 'Sent: no data held'), ('email_failed', 'Email failed'), ('erased', 'Erased'), ('nothing_to_erase', 'Nothing to erase')], max_length=20, verbose_name='outcome')),
                ('address_hash', models.CharField(db_index=True, max_length=64, verbose_name='address (keyed hash)')),
                ('answered_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'access or erasure request',
                'verbose_name_plural': 'access and erasure requests',
                'ordering': ['-answered_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='IncidentChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('username', models.CharField(blank=True, max_length=150, verbose_name='username')),
                ('changed_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='when')),
                ('changes', models.JSONField(default=dict, verbose_name='changes')),
                ('incident', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='changes', to='privacy.incident', verbose_name='incident')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'incident change',
                'verbose_name_plural': 'incident changes',
                'ordering': ['-changed_at', '-id'],
            },
        ),
        migrations.RunPython(roles.grant(ROLES), roles.revoke(ROLES)),
    ]
