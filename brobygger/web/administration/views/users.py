"""The administration's overview, history and users (arenas and organisations: ``arenas``,
``organisations``). Each view checks its permission on its first line and leaves
the work to the owning app's services; every change lands in the history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.accounts import roles, selectors
from brobygger.accounts import services as accounts
from brobygger.accounts.links import invitation_days
from brobygger.core.access import require
from brobygger.directory import organisations
from brobygger.directory.models import Organization
from brobygger.referrals.models import Arena
from brobygger.referrals.services import arenas
from brobygger.web.administration import forms
from brobygger.web.administration import rules as _rules  # noqa: F401 - registers the permissions
from brobygger.web.administration.history import change_rows, recent_changes

# user_add's option names, as the fields of the add form
ADD_ERROR_FIELDS = {
    "--email": "email",
    "--role": "role",
    "--arena": "arena",
    "--organisation": "organisation",
    "USERNAME": "username",
}
HISTORY_PAGE_SIZE = 50


def index(request):
    require(request, "administration.view")
    return render(
        request,
        "administration/index.html",
        {
            "users": get_user_model().objects.count(),
            "arenas": Arena.objects.count(),
            "organisations": Organization.objects.count(),
            "changes": recent_changes(),
        },
    )


def history(request):
    require(request, "administration.view")
    page = Paginator(selectors.admin_changes(), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "administration/history.html", {"page": page, "changes": change_rows(page)}
    )


# --- users ---


def role_names(user) -> list[str]:
    """A user's roles as the list shows them: groups, then "Frontline staff: ARENA", ...
    (from the prefetched groups and memberships of ``selectors.users_search``)."""
    names = [str(_("Superuser"))] if user.is_superuser else []
    held = {group.name for group in user.groups.all()}
    names += [str(roles.ROLE_LABELS[g]) for g in roles.ROLE_GROUPS if g in held]
    staff, editor = roles.ROLE_LABELS[roles.ROLE_STAFF], roles.ROLE_LABELS[roles.ROLE_EDITOR]
    names += [f"{staff}: {m.arena.name}" for m in user.arena_memberships.all()]
    names += [f"{editor}: {m.organization.name}" for m in user.organisation_memberships.all()]
    return names


def users(request):
    require(request, "administration.manage_users")
    form = forms.UserSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(selectors.users_search(query), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "administration/users.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "rows": [(person, role_names(person)) for person in page],
        },
    )


def user_add(request):
    require(request, "administration.manage_users")
    form = forms.UserAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role = data["role"]
        target = {roles.ROLE_STAFF: data["arena"], roles.ROLE_EDITOR: data["organisation"]}
        try:
            added = accounts.user_add_by_administrator(
                username=data["username"],
                email=data["email"],
                role=role,
                target=target.get(role),
                first_name=data["first_name"],
                last_name=data["last_name"],
                by=request.user,
            )
        except accounts.UserAddError as error:
            form.add_error(ADD_ERROR_FIELDS.get(error.field, error.field), str(error))
        else:
            return _link_shown(request, added.user, added.link, new=True)
    return render(request, "administration/user_add.html", {"form": form})


def _link_shown(request, user, link: str | None, *, new: bool):
    """The set-password link, e-mailed and shown once (this answer to the POST is not kept)."""
    # a mail that could not be sent is logged by core.messaging; the link shown here remains
    mailed = bool(link) and accounts.user_welcome_send(user=user, link=link)
    response = render(
        request,
        "administration/user_link.html",
        {"subject": user, "link": link, "mailed": mailed, "new": new, "days": invitation_days()},
    )
    response["Cache-Control"] = "no-store"
    return response


def user_page(request, pk: int):
    require(request, "administration.manage_users")
    user = get_object_or_404(get_user_model(), pk=pk)
    initial = {
        "groups": list(
            user.groups.filter(name__in=roles.ROLE_GROUPS).values_list("name", flat=True)
        ),
        "arenas": [m.arena for m in user.arena_memberships.select_related("arena")],
        "organisations": [m.organization for m in user.organisation_memberships.all()],
    }
    form = forms.UserRolesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            accounts.user_groups_set(user=user, groups=data["groups"], by=request.user)
        except accounts.UserChangeError as error:
            form.add_error(error.field, str(error))
        else:
            arenas.user_arenas_set(user=user, arenas=data["arenas"], by=request.user)
            organisations.user_organisations_set(
                user=user, organisations=data["organisations"], by=request.user
            )
            messages.success(request, _("The roles of %(user)s are saved.") % {"user": user})
            return redirect("administration:user", pk=user.pk)
    return render(
        request,
        "administration/user.html",
        {
            "subject": user,
            "form": form,
            "has_device": selectors.has_confirmed_device(user),
            "has_password": user.has_usable_password(),
            "changes": recent_changes("user", user.pk),
        },
    )


@require_POST
def user_deactivate(request, pk: int):
    require(request, "administration.manage_users")
    user = get_object_or_404(get_user_model(), pk=pk)
    try:
        if accounts.user_deactivate(user=user, by=request.user):
            messages.success(request, _("%(user)s can no longer sign in.") % {"user": user})
    except accounts.UserChangeError as error:
        messages.error(request, str(error))
    return redirect("administration:user", pk=user.pk)


@require_POST
def user_reactivate(request, pk: int):
    require(request, "administration.manage_users")
    user = get_object_or_404(get_user_model(), pk=pk)
    if accounts.user_reactivate(user=user, by=request.user):
        messages.success(request, _("%(user)s can sign in again.") % {"user": user})
    return redirect("administration:user", pk=user.pk)


@require_POST
def user_second_factor_reset(request, pk: int):
    require(request, "administration.manage_users")
    user = get_object_or_404(get_user_model(), pk=pk)
    try:
        accounts.user_second_factor_reset(user=user, by=request.user)
    except accounts.UserChangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The second factor of %(user)s is removed: they set up a new one at next sign-in.")
            % {"user": user},
        )
    return redirect("administration:user", pk=user.pk)


@require_POST
def user_link(request, pk: int):
    require(request, "administration.manage_users")
    user = get_object_or_404(get_user_model(), pk=pk)
    try:
        link = accounts.user_set_password_link(user=user, by=request.user)
    except accounts.UserChangeError:
        messages.error(request, _("%(user)s has chosen a password already.") % {"user": user})
        return redirect("administration:user", pk=user.pk)
    return _link_shown(request, user, link, new=False)
