"""The role groups, so that a fresh installation has them (``accounts.roles.ROLE_GROUPS``).

The names are written out here, not imported: a migration must keep doing what it did when it
was written. ``tests/accounts/test_role_groups.py`` checks they match ``ROLE_GROUPS``.
Going back leaves the groups alone (their members and permissions may be in use).
"""

from django.db import migrations

ROLE_GROUPS = ("administrator", "broker", "analyst", "volunteer")


def create_role_groups(apps, schema_editor):
    group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_invitation"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
    ]
