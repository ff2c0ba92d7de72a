"""Moderators: activities waiting for approval."""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from brobygger.activities import selectors, services
from brobygger.activities.forms import (
    ModerationForm,
    RefuseForm,
)
from brobygger.activities.models import Activity
from brobygger.core.access import require


@require_http_methods(["GET", "POST"])
def moderation(request):
    require(request, "activities.moderate_activity")
    if request.method == "POST":
        form = ModerationForm(request.POST)
        if not form.is_valid():
            if "reason" in form.errors:
                flash.error(request, "; ".join(form.errors["reason"]))
                return redirect("activities:moderation")
            return HttpResponseBadRequest("activity: not a waiting activity's id")
        activity = get_object_or_404(Activity.with_demo, pk=form.cleaned_data["activity"])
        try:
            if form.cleaned_data["decision"] == "approve":
                services.activity_approve(activity=activity, user=request.user)
                flash.success(request, _("Approved and published."))
            else:
                services.activity_refuse(
                    activity=activity, user=request.user, reason=form.cleaned_data["reason"]
                )
                flash.success(request, _("Refused; the host can see why."))
        except services.ActivityError as exc:
            flash.error(request, "; ".join(exc.errors.values()))
        return redirect("activities:moderation")
    return render(
        request,
        "activities/moderation.html",
        {"activities": selectors.awaiting_approval(), "refuse_form": RefuseForm()},
    )
