"""Editors moderate the response wall and post targets' public answers; Organizers
read it. Publishing or rejecting is its own permission (replies.moderate_reply)."""

from django.db import migrations

from advocacy import roles

ROLES = {
    "Editors": [
        "replies.add_reply",
        "replies.change_reply",
        "replies.view_reply",
        "replies.moderate_reply",
    ],
    "Organizers": ["replies.view_reply"],
}


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0001_initial"),
        ("campaigns", "0005_site_roles"),
    ]

    operations = [migrations.RunPython(roles.grant(ROLES), roles.revoke(ROLES))]
