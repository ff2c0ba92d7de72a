"""The invited person: open the code page, accept, and old links.

The link carries its token after '#' (``/konto/invitation/#kode=…``), which a browser never
sends, so it reaches no access log: the page asks for the code (a static script fills it in
from the address; without script the person pastes it) and posts it. The posted token is kept
in the session, so the accept page's address holds none. An old link with the token in its
path gets the page that asks for the code; the path's token is not used. Unknown, used,
withdrawn and expired codes all get the same 404 page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from brobygger.accounts import invitations, selectors
from brobygger.accounts.forms import InvitationAcceptForm, LinkCodeForm
from brobygger.core.ratelimit import allow

SESSION_KEY = "accounts.invitation_token"


# Opening or answering invitation links, per address and hour: plenty for a person.
ACCEPT_TRIES_PER_HOUR = 30


def _unusable(request, status: int = 404):
    request.session.pop(SESSION_KEY, None)
    return render(
        request, "accounts/invitation_invalid.html", {"too_many": status == 429}, status=status
    )


@require_http_methods(["GET", "POST"])
def invitation_open(request):
    """The link from the e-mail: a page that posts the code; keep it in the session."""
    form = LinkCodeForm(request.POST or None)
    if request.method == "POST":
        if not allow(
            request, scope="invitation-accept", limit=ACCEPT_TRIES_PER_HOUR, window_seconds=3600
        ):
            return _unusable(request, status=429)
        if form.is_valid():
            token = form.cleaned_data["code"]
            try:
                invitations.invitation_for_token(token)
            except invitations.InvitationUnusable:
                return _unusable(request)
            request.session[SESSION_KEY] = token
            return redirect("accounts:invitation_accept")
    return render(request, "accounts/invitation_code.html", {"form": form})


def invitation_old_link(request, token: str):
    """A link from before the token moved after '#': on to the page that asks for the code.
    Nothing from the path is used (and the redirect takes it out of the address bar)."""
    return redirect("accounts:invitation_open")


def invitation_accept(request):
    if not allow(
        request, scope="invitation-accept", limit=ACCEPT_TRIES_PER_HOUR, window_seconds=3600
    ):
        return _unusable(request, status=429)
    token = request.session.get(SESSION_KEY, "")
    try:
        invitation = invitations.invitation_for_token(token)
    except invitations.InvitationUnusable:
        return _unusable(request)
    context = {"invitation": invitation}
    user = request.user
    if user.is_authenticated:
        mismatch = user.email.lower() != invitation.email.lower()
        if request.method == "POST" and not mismatch:
            return _accepted(request, token=token, user=user)
        return render(request, "accounts/invitation_accept.html", {**context, "mismatch": mismatch})
    if selectors.email_has_user(invitation.email):
        login_url = f"{reverse('login')}?next={reverse('accounts:invitation_accept')}"
        return render(
            request,
            "accounts/invitation_accept.html",
            {**context, "sign_in": True, "login_url": login_url},
        )
    first, _space, last = invitation.name.partition(" ")
    new_user = get_user_model()(username=invitation.email, email=invitation.email)
    form = InvitationAcceptForm(
        new_user, request.POST or None, initial={"first_name": first, "last_name": last}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return _accepted(
            request,
            token=token,
            password=data["new_password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
    return render(request, "accounts/invitation_accept.html", {**context, "form": form})


def _accepted(request, *, token: str, **how):
    try:
        user = invitations.invitation_accept(token=token, **how)
    except invitations.InvitationUnusable:
        return _unusable(request)
    request.session.pop(SESSION_KEY, None)
    if not request.user.is_authenticated:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Welcome. You can now edit the initiatives of your organisation."))
    return redirect("directory:mine")
