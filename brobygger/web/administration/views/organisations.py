"""The administration's organisations: add, rename, editors, and invitations of new editors by
e-mail (``accounts.invitations``). Each view checks its permission on its first line."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.accounts import invitations, selectors
from brobygger.accounts.links import invitation_days
from brobygger.accounts.models import Invitation
from brobygger.accounts.views.inviter import resend_and_tell, revoke_and_tell
from brobygger.core.access import require
from brobygger.directory import organisations
from brobygger.directory.models import Organization
from brobygger.web.administration import forms
from brobygger.web.administration.history import recent_changes


def organisation_list(request):
    require(request, "administration.manage_organisations")
    form = forms.OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisations.organisation_create(
                name=form.cleaned_data["name"], by=request.user
            )
        except organisations.OrganisationError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request, _("The organisation %(name)s is added.") % {"name": organisation}
            )
            return redirect("administration:organisation", pk=organisation.pk)
    listed = Organization.objects.order_by("name").prefetch_related("memberships__user")
    return render(
        request, "administration/organisations.html", {"form": form, "organisations": listed}
    )


def organisation_detail(request, pk):
    require(request, "administration.manage_organisations")
    organisation = get_object_or_404(Organization, pk=pk)
    form = forms.OrganisationForm(
        request.POST or None, initial={"name": organisation.name}, prefix="organisation"
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisations.organisation_rename(
                organisation=organisation, name=form.cleaned_data["name"], by=request.user
            )
        except organisations.OrganisationError as error:
            form.add_error(error.field, str(error))
        else:
            return redirect("administration:organisation", pk=organisation.pk)
    return _organisation_page(request, organisation, form=form)


def _organisation_page(request, organisation, *, form=None, member_form=None, invite_form=None,
                       status: int = 200):  # fmt: skip
    form = form or forms.OrganisationForm(
        initial={"name": organisation.name}, prefix="organisation"
    )
    editors = [
        m.user for m in organisation.memberships.select_related("user").order_by("user__username")
    ]
    return render(
        request,
        "administration/organisation.html",
        {
            "organisation": organisation,
            "form": form,
            "member_form": member_form or forms.MemberForm(prefix="editor"),
            "invite_form": invite_form or forms.InviteForm(prefix="invite"),
            "editors": editors,
            "invitations": selectors.invitations().filter(organisation=organisation),
            "days": invitation_days(),
            "changes": recent_changes("organisation", organisation.pk),
        },
        status=status,
    )


@require_POST
def organisation_editor_add(request, pk):
    require(request, "administration.manage_organisations")
    organisation = get_object_or_404(Organization, pk=pk)
    member_form = forms.MemberForm(request.POST, prefix="editor")
    if not member_form.is_valid():
        return _organisation_page(request, organisation, member_form=member_form, status=400)
    user = member_form.cleaned_data["username"]
    organisations.organisation_editor_add(organisation=organisation, user=user, by=request.user)
    messages.success(
        request,
        _("%(user)s edits %(organisation)s.") % {"user": user, "organisation": organisation},
    )
    return redirect("administration:organisation", pk=organisation.pk)


@require_POST
def organisation_editor_remove(request, pk, user_pk: int):
    require(request, "administration.manage_organisations")
    organisation = get_object_or_404(Organization, pk=pk)
    user = get_object_or_404(get_user_model(), pk=user_pk)
    if organisations.organisation_editor_remove(
        organisation=organisation, user=user, by=request.user
    ):
        messages.success(
            request,
            _("%(user)s no longer edits %(organisation)s.")
            % {"user": user, "organisation": organisation},
        )
    return redirect("administration:organisation", pk=organisation.pk)


@require_POST
def organisation_invite(request, pk):
    require(request, "administration.manage_organisations")
    organisation = get_object_or_404(Organization, pk=pk)
    invite_form = forms.InviteForm(request.POST, prefix="invite")
    if invite_form.is_valid():
        try:
            invitation = invitations.invitation_create(
                email=invite_form.cleaned_data["email"],
                name=invite_form.cleaned_data["name"],
                organisation=organisation,
                invited_by=request.user,
            )
        except invitations.InvitationError as error:
            invite_form.add_error(error.field, str(error))
        else:
            messages.success(
                request,
                _("%(email)s is invited to edit %(organisation)s.")
                % {"email": invitation.email, "organisation": organisation},
            )
            return redirect("administration:organisation", pk=organisation.pk)
    return _organisation_page(request, organisation, invite_form=invite_form, status=400)


@require_POST
def invitation_resend(request, pk: int):
    require(request, "administration.manage_organisations")
    invitation = get_object_or_404(Invitation, pk=pk)
    resend_and_tell(request, invitation)
    return redirect("administration:organisation", pk=invitation.organisation_id)


@require_POST
def invitation_revoke(request, pk: int):
    require(request, "administration.manage_organisations")
    invitation = get_object_or_404(Invitation, pk=pk)
    revoke_and_tell(request, invitation)
    return redirect("administration:organisation", pk=invitation.organisation_id)
