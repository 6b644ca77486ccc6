"""Roles are groups (Editors, Organizers); the migration of the app that owns a
permission gives it to them. These make that migration's forward and backward steps."""


def _create_permissions(apps) -> None:
    # Permissions are normally created after all migrations (post_migrate); create
    # them now so that a fresh database gets its groups' permissions in the same run.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def grant(roles: dict[str, list[str]]):
    """A RunPython step giving each group its "app_label.codename" permissions."""

    def forward(apps, schema_editor):
        _create_permissions(apps)
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        for name, codenames in roles.items():
            group, _ = Group.objects.get_or_create(name=name)
            for dotted in codenames:
                app_label, codename = dotted.split(".")
                group.permissions.add(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )

    return forward


def revoke(roles: dict[str, list[str]]):
    """The RunPython step that undoes grant(roles)."""

    def backward(apps, schema_editor):
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
        for name, codenames in roles.items():
            group = Group.objects.filter(name=name).first()
            if group is None:
                continue
            for dotted in codenames:
                app_label, codename = dotted.split(".")
                group.permissions.remove(
                    *Permission.objects.filter(content_type__app_label=app_label, codename=codename)
                )

    return backward
