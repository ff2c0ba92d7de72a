"""Invitations as the person who sends them sees them: the list, resend and revoke."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.accounts import invitations, selectors
from brobygger.accounts.forms import InvitationForm
from brobygger.accounts.links import invitation_days
from brobygger.accounts.models import Invitation
from brobygger.core.access import require


def invitation_list(request):
    require(request, "accounts.invite")
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invitations.invitation_create(
                email=data["email"],
                organisation=data["organisation"],
                invited_by=request.user,
                name=data["name"],
            )
        except invitations.InvitationError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request,
                _("%(email)s is invited to edit %(organisation)s.")
                % {"email": invitation.email, "organisation": invitation.organisation},
            )
            return redirect("accounts:invitations")
    return render(
        request,
        "accounts/invitations.html",
        {"form": form, "invitations": selectors.invitations(), "days": invitation_days()},
    )


@require_POST
def invitation_resend(request, pk: int):
    require(request, "accounts.invite")
    resend_and_tell(request, get_object_or_404(Invitation, pk=pk))
    return redirect("accounts:invitations")


@require_POST
def invitation_revoke(request, pk: int):
    require(request, "accounts.invite")
    revoke_and_tell(request, get_object_or_404(Invitation, pk=pk))
    return redirect("accounts:invitations")


def resend_and_tell(request, invitation: Invitation) -> None:
    """Send ``invitation`` again as ``request.user`` and tell them how it went (a message);
    shared by this page and the administration's organisation page."""
    try:
        invitations.invitation_resend(invitation=invitation, by=request.user)
    except invitations.InvitationUnusable:
        messages.error(request, _("That invitation was accepted or withdrawn already."))
    else:
        messages.success(
            request, _("The invitation was sent again to %(email)s.") % {"email": invitation.email}
        )


def revoke_and_tell(request, invitation: Invitation) -> None:
    """Withdraw ``invitation`` as ``request.user`` and tell them how it went (a message)."""
    if invitations.invitation_revoke(invitation=invitation, by=request.user):
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    else:
        messages.error(request, _("That invitation was accepted or withdrawn already."))
