"""One-time links sent by e-mail: the set-password link of a new user (its own token generator,
``token_generators.WelcomeTokenGenerator``) and the token of an organisation invitation
(random; only its SHA-256 is stored).

Every link carries its secret after ``#kode=``: a browser never sends the part after ``#``, so
the secret reaches no access log. The page the link opens asks for the code (a static script
fills it in from the address) and posts it.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from brobygger.accounts.token_generators import code_make, welcome_token_generator
from brobygger.core.tokens import token_pair


def invitation_days() -> int:
    """How many days an invitation or a new user's set-password link works."""
    return int(getattr(settings, "INVITATION_DAYS", 14))


def with_code(path: str, code: str) -> str:
    """``path`` with the code after ``#kode=`` (never sent to the server)."""
    return f"{path}#kode={code}"


def set_password_path(user) -> str:
    """The path of the user's one-time set-password page, its code after '#' (no host)."""
    return with_code(reverse("accounts:welcome"), code_make(user, welcome_token_generator))


def invitation_token() -> tuple[str, str]:
    """A new invitation token and its digest (the only thing stored)."""
    return token_pair()
