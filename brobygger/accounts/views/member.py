"""A signed-in person's own account: security overview, API tokens, the second factor, password
reset and the welcome code.

The password reset tells no one which addresses are known.
"""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.accounts import selectors, services
from brobygger.accounts.forms import CodeForm, LinkCodeForm
from brobygger.accounts.models import ApiToken
from brobygger.accounts.token_generators import code_split, user_for_code, welcome_token_generator
from brobygger.accounts.tokens import token_revoke
from brobygger.core.access import require
from brobygger.core.ratelimit import allow

# Reset mails per address and hour: enough for a typo, too few to flood someone's inbox.
RESET_MAILS_PER_HOUR = 5


# Welcome codes posted per address and hour: plenty for a person, too few to guess one.
WELCOME_TRIES_PER_HOUR = 30


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def security(request):
    require(request, "accounts.view_own_security")
    return render(
        request,
        "accounts/security.html",
        {
            "tokens": selectors.tokens_of(request.user),
            "has_device": selectors.has_confirmed_device(request.user),
        },
    )


@require_POST
def token_revoke_view(request, pk: int):
    require(request, "accounts.view_own_security")
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    require(request, "accounts.revoke_token", token)
    token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:security")


def _qr_data_uri(device) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def second_factor_setup(request):
    require(request, "accounts.set_up_second_factor")
    user = request.user
    if selectors.has_confirmed_device(user) and not user.is_verified():
        return redirect(f"{reverse('accounts:second_factor_verify')}?{request.GET.urlencode()}")
    device = services.totp_setup_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_setup_confirm(request=request, code=form.cleaned_data["code"]):
            messages.success(request, _("Your authenticator app is set up."))
            return HttpResponseRedirect(_next_url(request, reverse("accounts:security")))
        form.add_error("code", _("That code is not right. Try the newest code in the app."))
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "next": _next_url(request, ""),
        },
    )


def second_factor_verify(request):
    require(request, "accounts.set_up_second_factor")
    user = request.user
    if not selectors.has_confirmed_device(user):
        return redirect(f"{reverse('accounts:second_factor_setup')}?{request.GET.urlencode()}")
    if user.is_verified():
        return HttpResponseRedirect(_next_url(request, reverse(settings.LOGIN_REDIRECT_URL)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if selectors.second_factor_must_wait(user):
            form.add_error("code", _("Too many wrong codes. Wait a moment and try again."))
        elif services.second_factor_verify(request=request, code=form.cleaned_data["code"]):
            return HttpResponseRedirect(_next_url(request, reverse(settings.LOGIN_REDIRECT_URL)))
        else:
            form.add_error("code", _("That code is not right. Try the newest code in the app."))
    return render(
        request,
        "accounts/second_factor_verify.html",
        {"form": form, "next": _next_url(request, "")},
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, answering every address alike; the link points at ``SITE_URL`` (not at
    whatever Host the request named) and each address gets a few mails an hour at most."""

    # Our own template names: the admin app's registration/password_reset_*.html come first.
    template_name = "registration/reset_form.html"
    email_template_name = "registration/reset_email.txt"
    subject_template_name = "registration/reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if not allow(
            self.request, scope="password-reset", limit=RESET_MAILS_PER_HOUR, window_seconds=3600
        ):
            return HttpResponseRedirect(self.get_success_url())  # same answer, no mail
        site = urlsplit(settings.SITE_URL)
        self.extra_email_context = {"site_url": settings.SITE_URL}
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            request=self.request,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
            token_generator=self.token_generator,
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/reset_complete.html"


@require_http_methods(["GET", "POST"])
def welcome_code(request):
    """A new user's one-time link (``/konto/velkommen/#kode=…``, from ``brobygger users add``)
    opens this page, which posts the code (filled in from the address by a static script, or
    pasted): the token is kept in the session, as Django's reset does, and the password page's
    address holds none."""
    form = LinkCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not allow(
            request, scope="welcome-code", limit=WELCOME_TRIES_PER_HOUR, window_seconds=3600
        ):
            form.add_error(None, _("Too many tries from your connection. Wait an hour."))
            status = 429
        elif form.is_valid():
            code = form.cleaned_data["code"]
            if user_for_code(code, welcome_token_generator) is not None:
                uidb64, token = code_split(code)
                request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN] = token
                return redirect(
                    "accounts:welcome_password",
                    uidb64=uidb64,
                    token=WelcomeView.reset_url_token,
                )
            form.add_error(
                "code",
                _(
                    "This code does not work: it was used already or is too old. Ask the "
                    "administrator for a new link."
                ),
            )
            status = 404
    return render(request, "accounts/welcome_code.html", {"form": form}, status=status)


class WelcomeView(auth_views.PasswordResetConfirmView):
    """A new user's password page, reached from ``welcome_code``: choose the first password.
    Like the reset link it stops working once used; it lasts ``INVITATION_DAYS``. An old link
    with the token in its path gets the page that asks for the code: the path's token is not
    used."""

    template_name = "accounts/welcome.html"
    token_generator = welcome_token_generator
    success_url = reverse_lazy("login")

    def dispatch(self, *args, **kwargs):
        if kwargs.get("token") != self.reset_url_token:  # an old link: ask for the code
            return redirect("accounts:welcome")
        return super().dispatch(*args, **kwargs)

    def form_valid(self, form):
        messages.success(
            self.request,
            _("Your password is saved. Log in with your user name, %(username)s.")
            % {"username": form.user.get_username()},
        )
        return super().form_valid(form)
