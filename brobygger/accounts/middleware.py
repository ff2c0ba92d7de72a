"""The second factor, enforced: a signed-in broker or administrator (``OTP_REQUIRED_ROLES``),
or anyone who has set up an authenticator, reaches nothing but the set-up and verify pages
(and logging out) until the session is verified by a code (django-otp's ``is_verified``).

In demo mode only (``core.demo.demo_mode()``: DEBUG on and SQLite), the demo users
(``accounts.demo``) skip it, so anyone trying the system can sign in as every role. Outside demo
mode a demo user, should one exist, is asked like everyone else."""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from brobygger.accounts.policy import needs_second_factor
from brobygger.accounts.selectors import has_confirmed_device, is_demo_user
from brobygger.core.demo import demo_mode


def redirect_or_hx(request, url: str):
    """A redirect; for an htmx request, ask htmx to load the page instead of swapping it in."""
    if request.headers.get("HX-Request") == "true":  # (HtmxMiddleware runs later)
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


def _demo_exempt(user) -> bool:
    return demo_mode() and is_demo_user(user)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> tuple[str, ...]:
        names = ("accounts:second_factor_setup", "accounts:second_factor_verify", "logout")
        names += ("admin:logout", "set_language", "javascript-catalog", "saml2_logout")
        return (*(reverse(name) for name in names), "/" + settings.STATIC_URL.lstrip("/"))

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path_info.startswith(self.open_paths)
        ):
            has_device = has_confirmed_device(user)
            if (has_device or needs_second_factor(user)) and not _demo_exempt(user):
                return self._refuse(request, has_device)
        return self.get_response(request)

    def _refuse(self, request, has_device: bool):
        if request.path_info.startswith("/api/"):
            message = _("Confirm your sign-in with the code from your authenticator app first.")
            return JsonResponse({"detail": message}, status=403)
        name = "second_factor_verify" if has_device else "second_factor_setup"
        query = urlencode({"next": request.get_full_path()}, safe="/")
        return redirect_or_hx(request, f"{reverse(f'accounts:{name}')}?{query}")
