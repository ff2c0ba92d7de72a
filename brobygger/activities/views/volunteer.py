"""Volunteer companions: when they are available."""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from brobygger.activities.forms import (
    AvailabilityForm,
    IdForm,
)
from brobygger.activities.models import Activity, SignUp, VolunteerAvailability
from brobygger.core.access import require


@require_http_methods(["GET", "POST"])
def availability(request):
    require(request, "activities.set_availability")
    form = AvailabilityForm(request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            removal = IdForm(request.POST, name="remove")
            if not removal.is_valid():
                return HttpResponseBadRequest("remove: not a time's id")
            VolunteerAvailability.objects.filter(
                pk=removal.cleaned_data["remove"], volunteer=request.user
            ).delete()
            return redirect("activities:availability")
        if form.is_valid():
            slot = form.save(commit=False)
            slot.volunteer = request.user
            slot.save()
            return redirect("activities:availability")
    return render(
        request,
        "activities/availability.html",
        {"form": form, "slots": request.user.availability.all(),
         "paired": SignUp.objects.filter(companion=request.user,
                                         activity__state=Activity.State.PUBLISHED)
         .select_related("activity")},
    )  # fmt: skip
