"""What a citizen sees: the list, the calendar and its feed, an activity, sign-up, cancelling and
the printable list nearby.

Everything works without JavaScript; htmx only swaps the list when filters change.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from brobygger.activities import feeds, limits, selectors, signups
from brobygger.activities.forms import (
    CancelForm,
    FilterForm,
    SignUpForm,
)
from brobygger.activities.models import Activity
from brobygger.core import ratelimit
from brobygger.core.access import require
from brobygger.core.forms import errors_text
from brobygger.core.messaging import site_url
from brobygger.directory.forms import LANGUAGE_CHOICES

LANGUAGES = dict(LANGUAGE_CHOICES)


MONTH_DAYS = 42  # six weeks: a month's calendar grid


# a ?start= outside these is clamped: the calendar and the printed week stay far from the ends
# of Python's dates (0001-01-01, 9999-12-31), where a week or a month grid cannot be made
EARLIEST_DAY, LATEST_DAY = dt.date(2000, 1, 1), dt.date(2999, 12, 1)


def day_param(request, name: str = "start") -> dt.date:
    """A date from the query string, today when missing or malformed, clamped to the range."""
    try:
        day = dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return timezone.localdate()
    return min(max(day, EARLIEST_DAY), LATEST_DAY)


def index(request):
    """The list; with a postcode chosen, also a link to "Det sker nær dig" (``nearby_pdf``) with
    the current filters in its query. A filter whose value makes no sense is left out and named
    (the others still apply), and the links onward carry only the filters that apply."""
    form = FilterForm(request.GET or None)
    filters = form.filters()
    activities = list(selectors.activities_filtered(filters)[:200])
    template = "activities/_list.html" if request.htmx else "activities/index.html"
    return render(
        request,
        template,
        {
            "form": form,
            "activities": activities,
            "query": form.query(),
            "not_understood": form.not_understood(),
            "print_postcode": filters.postcode,
        },
    )


def _calendar_start(request, view: str) -> dt.date:
    day = day_param(request)
    if view == "month":
        first = day.replace(day=1)
        return first - dt.timedelta(days=first.weekday())
    return day - dt.timedelta(days=day.weekday())


def calendar_view(request):
    view = "month" if request.GET.get("view") == "month" else "week"
    start = _calendar_start(request, view)
    days = MONTH_DAYS if view == "month" else 7
    form = FilterForm(request.GET or None)
    activities = selectors.activities_filtered(form.filters(start=start, days=days))
    by_day: dict[dt.date, list[Activity]] = {}
    for activity in activities:
        by_day.setdefault(timezone.localtime(activity.starts_at).date(), []).append(activity)
    grid = [start + dt.timedelta(days=i) for i in range(days)]
    anchor = start + dt.timedelta(days=7) if view == "month" else start
    if view == "month":
        step_back = (anchor.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        _, length = calendar.monthrange(anchor.year, anchor.month)
        step_on = anchor.replace(day=1) + dt.timedelta(days=length)
    else:
        step_back, step_on = start - dt.timedelta(days=7), start + dt.timedelta(days=7)
    return render(
        request,
        "activities/calendar.html",
        {
            "form": form,
            "view": view,
            "start": request.GET.get("start", ""),
            "weeks": [grid[i : i + 7] for i in range(0, days, 7)],
            "by_day": by_day,
            "month": anchor if view == "month" else None,
            "today": timezone.localdate(),
            "previous": step_back.isoformat(),
            "next": step_on.isoformat(),
            "query": form.query(),
            "not_understood": form.not_understood(),
        },
    )


def calendar_ics(request):
    """The activities as an iCalendar feed, the list's filters applied. A filter value that
    makes no sense (``age=abc``, ``postcode=12``) answers 400 naming it, not the whole feed."""
    form = FilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(errors_text(form), content_type="text/plain; charset=utf-8")
    activities = selectors.activities_filtered(form.filters())[:500]
    body = feeds.calendar_ics(activities, base_url=site_url())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="aktiviteter.ics"'
    return response


def detail(request, pk):
    activity = get_object_or_404(
        Activity.with_demo.select_related("organization", "initiative", "series"), pk=pk
    )
    require(request, "activities.view_activity", activity)
    left = signups.places_left(activity)
    url = site_url(reverse("activities:detail", args=[activity.pk]))
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "places_left": left,
            "waiting": signups.waitlist_count(activity),
            "open": signups.open_for_signup(activity),
            "form": SignUpForm(),
            "jsonld": feeds.event_jsonld(activity, url=url, places_left=left),
            "is_host": request.user.has_perm("activities.view_participants", activity),
            "language_names": [str(LANGUAGES.get(c, c)) for c in activity.languages],
        },
    )


@require_http_methods(["POST"])
def sign_up(request, pk):
    activity = get_object_or_404(Activity.with_demo, pk=pk)
    require(request, "activities.view_activity", activity)
    form = SignUpForm(request.POST)
    context = {"activity": activity, "form": form, "places_left": signups.places_left(activity),
               "open": signups.open_for_signup(activity)}  # fmt: skip
    if not limits.signup_allowed(request, activity):
        return render(request, "activities/detail.html", {**context, "throttled": True}, status=429)
    if not form.is_valid():
        return render(request, "activities/detail.html", context, status=400)
    data = form.cleaned_data
    try:
        result = signups.signup_create(
            activity=activity,
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            wants_company=data["wants_company"],
            client_reference=data["client_reference"],
            submitter=request.user,
            language=get_language() or "da",
        )
    except signups.SignUpError as exc:
        form.add_error(None, str(exc).split(": ", 1)[-1])
        return render(request, "activities/detail.html", context,
                      status=409 if exc.code == "closed" else 400)  # fmt: skip
    if result.repeat:  # the details went to the contact; whoever typed it learns nothing more
        return render(request, "activities/signed_up.html",
                      {"activity": activity, "repeat": True}, status=200)  # fmt: skip
    return render(
        request,
        "activities/signed_up.html",
        {"activity": activity, "result": result, "signup": result.signup},
        status=201 if result.created else 200,
    )


@require_http_methods(["GET", "POST"])
def cancel(request):
    form = CancelForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.allow(request, scope="activity-cancel", limit=30, window_seconds=600):
            return render(request, "activities/cancel.html", {"form": form}, status=429)
        if form.is_valid():
            try:
                signup = signups.signup_cancel(token=form.cleaned_data["code"])
            except signups.SignUpError:
                return render(
                    request, "activities/cancel.html", {"form": form, "unknown": True}, status=404
                )
            return render(request, "activities/cancel.html", {"done": signup.activity})
    return render(request, "activities/cancel.html", {"form": form})


def nearby_pdf(request):
    """An A4 print of one week's activities for a postcode (``?postcode=8000&start=…``)."""
    from brobygger.activities.printing import nearby_pdf as make_pdf
    from brobygger.core.demo import demo_mode

    postcode = request.GET.get("postcode", "")
    if not (len(postcode) == 4 and postcode.isdigit()):
        return HttpResponse("postcode: four digits, e.g. ?postcode=8000", status=400,
                            content_type="text/plain; charset=utf-8")  # fmt: skip
    start = day_param(request)
    pdf = make_pdf(
        postcode=postcode, start=start, base_url=site_url(),
        language=get_language() or "da", demo=demo_mode(),
    )  # fmt: skip
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="aktiviteter-{postcode}.pdf"'
    return response
