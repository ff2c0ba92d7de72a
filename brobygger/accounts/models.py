"""Users. Roles come from memberships and groups (see ``roles.py``), not from a field here."""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who signs in: citizen, staff, broker, organisation editor, analyst or admin."""

    class Meta:
        db_table = "accounts_user"
