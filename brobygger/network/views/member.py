"""Member organisations: pop-up visits (slots, bookings, notes), the network picture, courses and
ideas.

Each view checks permission first (``core.access.require``). The course register is public, with
an iCalendar feed; the idea catalogue is public to read, and signing in lets one support or
offer.
"""

from __future__ import annotations

import uuid

import rules
from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.access import require
from brobygger.core.demo import demo_mode
from brobygger.core.forms import errors_text
from brobygger.directory.models import Initiative, Organization
from brobygger.network import feeds, selectors, services
from brobygger.network.forms import (
    BookingForm,
    CourseFilterForm,
    CourseForm,
    IdeaOfferForm,
    IdeaStateForm,
    NoteForm,
    SlotForm,
)
from brobygger.network.models import Course, VisitBooking, VisitSlot
from brobygger.network.views.shared import _back, _idea
from brobygger.referrals.models import Arena


def _booking(booking_id: uuid.UUID) -> VisitBooking:
    return get_object_or_404(
        VisitBooking.objects.select_related(
            "slot__initiative", "visitor_initiative", "visitor_arena", "booked_by"
        ),
        pk=booking_id,
    )


def index(request):
    """Upcoming slots, the visits we host and the visits we make."""
    require(request, "network.view_visits")
    user = request.user
    slots = list(selectors.upcoming_slots(include_demo=demo_mode()))
    for slot in slots:
        slot.can_book = rules.has_perm("network.book_slot", user, slot) and slot.places_left > 0
        slot.can_manage = rules.has_perm("network.manage_slot", user, slot)
    hosted = list(selectors.bookings_hosted(user))
    made = list(selectors.bookings_made(user))
    for booking in made:
        booking.can_write_note = rules.has_perm("network.write_note", user, booking)
    return render(
        request,
        "network/index.html",
        {
            "slots": slots,
            "hosted": hosted,
            "made": made,
            "may_offer": selectors.hosted_initiatives(user).exists(),
        },
    )


def slot_offer(request):
    """The host offers a time for a visit."""
    require(request, "network.view_visits")
    initiatives = list(selectors.hosted_initiatives(request.user))
    form = SlotForm(request.POST or None, initiatives=initiatives)
    if request.method == "POST" and form.is_valid():
        initiative = get_object_or_404(Initiative, pk=form.cleaned_data.pop("initiative"))
        require(request, "network.offer_slot", initiative)
        try:
            services.slot_create(user=request.user, initiative=initiative, **form.cleaned_data)
        except services.NetworkError as error:
            field, _sep, message = str(error).partition(": ")
            form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The visit slot is offered."))
            return redirect("network:index")
    return render(request, "network/slot_offer.html", {"form": form, "initiatives": initiatives})


def _side(value: str):
    kind, _sep, pk = value.partition(":")
    model = {"initiative": Initiative, "arena": Arena}[kind]
    return kind, get_object_or_404(model, pk=pk)


def slot_detail(request, slot_id: uuid.UUID):
    """A slot, and the form to book it."""
    require(request, "network.view_visits")
    slot = get_object_or_404(selectors.slots_with_places(), pk=slot_id)
    can_book = rules.has_perm("network.book_slot", request.user, slot)
    form = BookingForm(
        request.POST or None,
        sides=selectors.visitor_sides(request.user),
        citizens_welcome=slot.citizens_welcome,
    )
    if request.method == "POST":
        require(request, "network.book_slot", slot)
        if form.is_valid():
            data = form.cleaned_data
            kind, side = _side(data["visitor"])
            try:
                services.booking_create(
                    user=request.user,
                    slot=slot,
                    visitors=data["visitors"],
                    citizens=data.get("citizens") or 0,
                    calm_welcome=data.get("calm_welcome", False),
                    **{f"visitor_{kind}": side},
                )
            except services.NetworkError as error:
                field, _sep, message = str(error).partition(": ")
                form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("The visit is booked. The host will confirm it."))
                return redirect("network:index")
    return render(
        request, "network/slot_detail.html", {"slot": slot, "form": form, "can_book": can_book}
    )


@require_POST
def slot_cancel(request, slot_id: uuid.UUID):
    slot = get_object_or_404(VisitSlot.with_demo.select_related("initiative"), pk=slot_id)
    require(request, "network.manage_slot", slot)
    try:
        services.slot_cancel(user=request.user, slot=slot)
    except services.NetworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The visit slot is cancelled and the visitors are told."))
    return redirect("network:index")


@require_POST
def booking_confirm(request, booking_id: uuid.UUID):
    booking = _booking(booking_id)
    require(request, "network.confirm_booking", booking)
    try:
        services.booking_confirm(user=request.user, booking=booking)
    except services.NetworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The visit is confirmed."))
    return redirect("network:index")


@require_POST
def booking_cancel(request, booking_id: uuid.UUID):
    booking = _booking(booking_id)
    require(request, "network.cancel_booking", booking)
    try:
        services.booking_cancel(user=request.user, booking=booking)
    except services.NetworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The visit is cancelled; the others are told."))
    return redirect("network:index")


def booking_notes(request, booking_id: uuid.UUID):
    """The notes after a visit, seen by the two sides; a visitor writes theirs here."""
    booking = _booking(booking_id)
    require(request, "network.view_notes", booking)
    can_write = rules.has_perm("network.write_note", request.user, booking)
    mine = booking.notes.filter(author=request.user).first()
    initial = {"learned": mine.learned, "could_send": mine.could_send} if mine else None
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require(request, "network.write_note", booking)
        if form.is_valid():
            try:
                services.note_write(user=request.user, booking=booking, **form.cleaned_data)
            except services.NetworkError as error:
                form.add_error(None, str(error).partition(": ")[2])
            else:
                messages.success(request, _("Thank you. The note is saved."))
                return redirect("network:booking_notes", booking_id=booking.pk)
    return render(
        request,
        "network/notes.html",
        {
            "booking": booking,
            "notes": booking.notes.select_related("author"),
            "form": form,
            "can_write": can_write,
        },
    )


def picture(request):
    """The network picture: who visited whom (SVG and table), nobody's visited, per quarter.
    In demo mode, ``?demo=1`` shows the demo visits instead (alone, labelled)."""
    require(request, "network.view_graph")
    demo_view = demo_mode() and request.GET.get("demo") == "1"
    data = selectors.graph(demo=demo_view)
    names = {n["id"]: n["name"] for n in data["nodes"]}
    return render(
        request,
        "network/picture.html",
        {
            "layout": selectors.graph_layout(data),
            "rows": [
                {"from": names[e["from"]], "to": names[e["to"]], "visits": e["visits"]}
                for e in data["edges"]
            ],
            "unvisited": selectors.unvisited_initiatives(demo=demo_view),
            "quarters": selectors.visits_per_quarter(demo=demo_view),
            "demo_view": demo_view,
            "demo_offered": not demo_view and demo_mode() and VisitSlot.with_demo.demo().exists(),
        },
    )


def _filtered_courses(request):
    """The filter form and the courses its valid filters allow (see ``CourseFilterForm``)."""
    form = CourseFilterForm(request.GET or None)
    qs = selectors.courses_upcoming(include_demo=demo_mode(), **form.filters())
    return form, qs


def courses(request):
    """Upcoming courses for volunteers, filtered; public. A filter whose value makes no sense is
    left out and named (the others still apply), and the calendar link carries only the filters
    that apply."""
    require(request, "network.view_courses")
    form, qs = _filtered_courses(request)
    return render(
        request,
        "network/courses.html",
        {
            "form": form,
            "courses": qs,
            "feed_query": form.query(),
            "not_understood": form.not_understood(),
        },
    )


def courses_ics(request):
    """The same courses as an iCalendar feed (RFC 5545), the page's filters applied. A value that
    makes no sense (a hand-typed URL; the page's own link never carries one) answers 400 naming
    the field."""
    require(request, "network.view_courses")
    form, qs = _filtered_courses(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(errors_text(form), content_type="text/plain; charset=utf-8")
    response = HttpResponse(feeds.courses_ics(qs), content_type="text/calendar; charset=utf-8")
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
