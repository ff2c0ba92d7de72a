"""Idle timeout: a session ends after a while without activity.

The roles that see personal data (``accounts.policy.sees_personal_data``: broker, an
initiative's referral contact, administrator) are signed out after
``SESSION_IDLE_TIMEOUT_MINUTES_PRIVILEGED`` idle minutes, everyone else after
``SESSION_IDLE_TIMEOUT_MINUTES``. ``SESSION_COOKIE_AGE`` caps every session regardless.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import ngettext

from brobygger.accounts.middleware import redirect_or_hx
from brobygger.accounts.policy import sees_personal_data

LAST_ACTIVITY_KEY = "brobygger_last_activity"
# The last activity is written at most this often (seconds), not on every request.
PRECISION_SECONDS = 30


def idle_limit_minutes(user) -> int:
    if sees_personal_data(user):
        return settings.SESSION_IDLE_TIMEOUT_MINUTES_PRIVILEGED
    return settings.SESSION_IDLE_TIMEOUT_MINUTES


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            idle = now - last if isinstance(last, int) else 0
            if idle > self._shortest_limit() * 60:
                minutes = idle_limit_minutes(user)
                if idle > minutes * 60:
                    return self._sign_out(request, minutes)
            if not isinstance(last, int) or idle >= PRECISION_SECONDS:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)

    @staticmethod
    def _shortest_limit() -> int:
        return min(
            settings.SESSION_IDLE_TIMEOUT_MINUTES_PRIVILEGED, settings.SESSION_IDLE_TIMEOUT_MINUTES
        )

    def _sign_out(self, request, minutes: int):
        logout(request)
        if request.path_info.startswith("/api/"):
            return self.get_response(request)  # now anonymous: the API answers 401
        messages.info(
            request,
            ngettext(
                "You were signed out after %(minutes)d minute without activity. "
                "Please sign in again.",
                "You were signed out after %(minutes)d minutes without activity. "
                "Please sign in again.",
                minutes,
            )
            % {"minutes": minutes},
        )
        if request.method != "GET":
            return redirect_or_hx(request, redirect_to_login("/")["Location"])
        return redirect_or_hx(request, redirect_to_login(request.get_full_path())["Location"])
