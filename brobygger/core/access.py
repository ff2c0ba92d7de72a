"""One helper for every view's first line: may this person do this (to this object)?"""

from __future__ import annotations

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def require(request, permission: str, obj=None) -> None:
    """Raise PermissionDenied unless the user has ``permission`` (a django-rules name).

    Uses the declared rules only (no superuser shortcut), so what the rules say is what happens.
    """
    if not rules.has_perm(permission, request.user, obj):
        raise PermissionDenied(permission)


class LoginForAnonymousMiddleware:
    """Anonymous visitors who hit a protected page are sent to log in instead of a 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied) and not request.user.is_authenticated:
            if request.path.startswith(("/api/", "/hsds/")):
                return None
            return redirect_to_login(request.get_full_path())
        return None
