"""Who may see and change sign-in security (django-rules): each person only their own; and who
may invite people to organisations: administrators."""

from __future__ import annotations

import rules

from brobygger.accounts.roles import is_administrator


@rules.predicate
def owns_token(user, token) -> bool:
    return token is not None and user.is_authenticated and token.user_id == user.pk


PERMISSIONS = {
    "accounts.view_own_security": rules.is_authenticated,
    "accounts.set_up_second_factor": rules.is_authenticated,
    "accounts.revoke_token": owns_token,  # object: ApiToken
    "accounts.invite": is_administrator,  # see, make, send again and withdraw invitations
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
