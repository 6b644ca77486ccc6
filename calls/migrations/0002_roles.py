"""Editors write call scripts with the rest of a campaign; Organizers read them."""

from django.db import migrations

from advocacy import roles

ROLES = {
    "Editors": [
        "calls.add_callscript",
        "calls.change_callscript",
        "calls.delete_callscript",
        "calls.view_callscript",
    ],
    "Organizers": ["calls.view_callscript"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0001_initial"),
        ("campaigns", "0005_site_roles"),
    ]

    operations = [migrations.RunPython(roles.grant(ROLES), roles.revoke(ROLES))]
