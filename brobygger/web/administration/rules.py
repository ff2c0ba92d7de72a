"""Who may use the administration (django-rules): administrators, and nobody else."""

import rules

from brobygger.accounts.roles import is_administrator

PERMISSIONS = {
    "administration.view": is_administrator,  # the overview and the history
    "administration.manage_users": is_administrator,
    "administration.manage_arenas": is_administrator,
    "administration.manage_organisations": is_administrator,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
