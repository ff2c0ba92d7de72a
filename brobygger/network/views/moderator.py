"""Moderators: approving courses and changing an idea's state."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.access import require
from brobygger.network import selectors, services
from brobygger.network.forms import (
    CourseModerationForm,
    IdeaStateForm,
)
from brobygger.network.models import Course
from brobygger.network.views.shared import _back, _idea


def course_moderate(request):
    """The administrator approves or rejects submitted courses."""
    require(request, "network.moderate_courses")
    form = CourseModerationForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():  # a malformed id or an unknown action: nothing changes
            return render(
                request,
                "network/course_moderate.html",
                {"pending": selectors.courses_pending(), "form": form},
                status=400,
            )
        course = get_object_or_404(Course.with_demo, pk=form.cleaned_data["course"])
        services.course_moderate(course=course, approve=form.cleaned_data["action"] == "approve")
        messages.success(request, _("Saved."))
        return redirect("network:course_moderate")
    return render(request, "network/course_moderate.html", {"pending": selectors.courses_pending()})


@require_POST
def idea_state(request, idea_id: uuid.UUID):
    require(request, "network.change_idea")
    idea = _idea(idea_id)
    form = IdeaStateForm(request.POST)
    if form.is_valid():
        try:
            services.idea_set_state(idea=idea, **form.cleaned_data)
        except services.NetworkError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Saved."))
    return _back(idea)
