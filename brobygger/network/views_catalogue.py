"""Pages of the course register (public, with an iCalendar feed) and the idea catalogue (public
to read; signing in to support or offer)."""

from __future__ import annotations

import datetime as dt
import uuid

import icalendar
import rules
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.access import require
from brobygger.core.demo import demo_mode
from brobygger.directory.models import Organization
from brobygger.network import selectors, services
from brobygger.network.forms import (
    CourseFilterForm,
    CourseForm,
    CourseModerationForm,
    IdeaOfferForm,
    IdeaStateForm,
)
from brobygger.network.models import Course, Idea


def _filtered_courses(request):
    form = CourseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    fmt = data.get("format") or ""
    qs = selectors.courses_upcoming(
        include_demo=demo_mode(),
        query=data.get("q") or "",
        online={"online": True, "place": False}.get(fmt),
        free_only=bool(data.get("free")),
    )
    return form, qs


def courses(request):
    """Upcoming courses for volunteers, filtered; public."""
    require(request, "network.view_courses")
    form, qs = _filtered_courses(request)
    return render(
        request,
        "network/courses.html",
        {"form": form, "courses": qs, "feed_query": request.GET.urlencode()},
    )


def courses_ics(request):
    """The same courses as an iCalendar feed (RFC 5545), the page's filters applied."""
    require(request, "network.view_courses")
    _form, qs = _filtered_courses(request)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Brobygger//Courses for volunteers//DA")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Courses for volunteers"))
    stamp = timezone.now()
    for course in qs:
        event = icalendar.Event()
        event.add("uid", f"course-{course.pk}@brobygger")  # stable: not the request's Host
        event.add("dtstamp", stamp)
        event.add("dtstart", course.starts_on)
        event.add("dtend", (course.ends_on or course.starts_on) + dt.timedelta(days=1))
        event.add("summary", course.title)
        event.add("location", _("Online") if course.online else course.place)
        details = [course.organiser, course.price, course.suits]
        event.add("description", "\n".join(d for d in details if d))
        if course.url:
            event.add("url", course.url)
        if course.is_demo:
            event.add("categories", ["DEMO"])
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="brobygger-kurser.ics"'
    return response


def course_add(request):
    """An editor adds one of their courses; it is public once the administrator approves."""
    require(request, "network.add_course")
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organization = Organization.objects.filter(memberships__user=request.user).first()
        try:
            course = services.course_submit(
                user=request.user, organization=organization, **form.cleaned_data
            )
        except services.NetworkError as error:
            field, _sep, message = str(error).partition(": ")
            form.add_error(field if field in form.fields else None, message)
        else:
            if course.state == Course.State.APPROVED:
                messages.success(request, _("The course is in the register."))
            else:
                messages.success(request, _("Thank you. The course is shown once it is approved."))
            return redirect("network:courses")
    return render(request, "network/course_add.html", {"form": form})


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
        course = get_object_or_404(Course, pk=form.cleaned_data["course"])
        services.course_moderate(course=course, approve=form.cleaned_data["action"] == "approve")
        messages.success(request, _("Saved."))
        return redirect("network:course_moderate")
    return render(request, "network/course_moderate.html", {"pending": selectors.courses_pending()})


def ideas(request):
    """The idea catalogue by state, most supported first; public."""
    require(request, "network.view_ideas")
    groups = selectors.ideas_by_state(include_demo=demo_mode(), user=request.user)
    return render(
        request,
        "network/ideas.html",
        {
            "groups": groups,
            "any_ideas": any(group[2] for group in groups),
            "offer_form": IdeaOfferForm(),
            "state_form": IdeaStateForm(),
            "may_change": rules.has_perm("network.change_idea", request.user),
        },
    )


def _idea(idea_id: uuid.UUID) -> Idea:
    return get_object_or_404(Idea, pk=idea_id)


def _back(idea: Idea):
    return redirect(reverse("network:ideas") + f"#idea-{idea.pk}")


@require_POST
def idea_support(request, idea_id: uuid.UUID):
    require(request, "network.support_idea")
    idea = _idea(idea_id)
    if services.idea_support(user=request.user, idea=idea):
        messages.success(request, _("Thank you for your support."))
    else:
        messages.info(request, _("You already support this idea."))
    return _back(idea)


@require_POST
def idea_offer(request, idea_id: uuid.UUID):
    require(request, "network.offer_to_take_part")
    idea = _idea(idea_id)
    form = IdeaOfferForm(request.POST)
    if form.is_valid():
        services.idea_offer(user=request.user, idea=idea, message=form.cleaned_data["message"])
        messages.success(request, _("Thank you. Your offer to take part is noted."))
    return _back(idea)


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
