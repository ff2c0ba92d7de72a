"""The administration's arenas: add, edit (name, description, the day the conversation guide
came), and their frontline staff. Each view checks its permission on its first line."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.access import require
from brobygger.referrals.models import Arena
from brobygger.referrals.services import arenas
from brobygger.web.administration import forms
from brobygger.web.administration.history import recent_changes


def arena_list(request):
    require(request, "administration.manage_arenas")
    form = forms.ArenaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            arena = arenas.arena_create(**form.cleaned_data, by=request.user)
        except arenas.ArenaError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, _("The arena %(arena)s is added.") % {"arena": arena})
            return redirect("administration:arena", pk=arena.pk)
    return render(
        request,
        "administration/arenas.html",
        {"form": form, "arenas": Arena.objects.order_by("name").prefetch_related("memberships")},
    )


def arena_detail(request, pk):
    require(request, "administration.manage_arenas")
    arena = get_object_or_404(Arena, pk=pk)
    initial = {f: getattr(arena, f) for f in arenas.ARENA_FIELDS}
    form = forms.ArenaForm(request.POST or None, initial=initial, prefix="arena")
    member_form = forms.MemberForm(prefix="staff")
    if request.method == "POST" and form.is_valid():
        try:
            changed = arenas.arena_update(arena=arena, by=request.user, **form.cleaned_data)
        except arenas.ArenaError as error:
            form.add_error(error.field, str(error))
        else:
            if changed:
                messages.success(request, _("The arena %(arena)s is saved.") % {"arena": arena})
            return redirect("administration:arena", pk=arena.pk)
    return _arena_page(request, arena, form, member_form)


def _arena_page(request, arena, form, member_form, status: int = 200):
    if form is None:
        initial = {f: getattr(arena, f) for f in arenas.ARENA_FIELDS}
        form = forms.ArenaForm(initial=initial, prefix="arena")
    staff = [m.user for m in arena.memberships.select_related("user").order_by("user__username")]
    return render(
        request,
        "administration/arena.html",
        {
            "arena": arena,
            "form": form,
            "member_form": member_form,
            "staff": staff,
            "changes": recent_changes("arena", arena.pk),
        },
        status=status,
    )


@require_POST
def arena_staff_add(request, pk):
    require(request, "administration.manage_arenas")
    arena = get_object_or_404(Arena, pk=pk)
    member_form = forms.MemberForm(request.POST, prefix="staff")
    if not member_form.is_valid():
        return _arena_page(request, arena, None, member_form, status=400)
    user = member_form.cleaned_data["username"]
    arenas.arena_staff_add(arena=arena, user=user, by=request.user)
    messages.success(request, _("%(user)s is staff of %(arena)s.") % {"user": user, "arena": arena})
    return redirect("administration:arena", pk=arena.pk)


@require_POST
def arena_staff_remove(request, pk, user_pk: int):
    require(request, "administration.manage_arenas")
    arena = get_object_or_404(Arena, pk=pk)
    user = get_object_or_404(get_user_model(), pk=user_pk)
    if arenas.arena_staff_remove(arena=arena, user=user, by=request.user):
        messages.success(
            request, _("%(user)s is no longer staff of %(arena)s.") % {"user": user, "arena": arena}
        )
    return redirect("administration:arena", pk=arena.pk)
