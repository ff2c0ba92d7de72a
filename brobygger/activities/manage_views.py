"""Pages for the people who run activities: the host (create, see who is coming, mark who
came, cancel a date), the broker and administrator (approve citizens' activities, pair people
who asked for company with a volunteer, sign up a case's citizen) and volunteers (when they
are free). Each view checks its permission on the first line."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.accounts.roles import GROUP_VOLUNTEER
from brobygger.activities import selectors, services, signups
from brobygger.activities.broker import signup_from_case
from brobygger.activities.forms import (
    ActivityForm,
    AvailabilityForm,
    IdForm,
    ModerationForm,
    PairForm,
    RefuseForm,
)
from brobygger.activities.messages import site_base
from brobygger.activities.models import Activity, SignUp, VolunteerAvailability
from brobygger.core.access import require
from brobygger.referrals.models import Case
from brobygger.referrals.services import ReferralError


@require_http_methods(["GET", "POST"])
def create(request):
    require(request, "activities.create_activity")
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(user=request.user, data=form.to_input())
        except services.ActivityError as exc:
            for name, message in exc.errors.items():
                field = name if name in form.fields else None
                form.add_error(field, message)
        else:
            if activity.state == Activity.State.SUBMITTED:
                flash.success(request, _("Thank you. The activity is shown once it is approved."))
            else:
                flash.success(request, _("The activity is published."))
            return redirect("activities:mine")
    return render(request, "activities/create.html", {"form": form})


def mine(request):
    require(request, "activities.create_activity")
    return render(
        request, "activities/mine.html", {"activities": selectors.hosted_by(request.user)}
    )


def participants(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "activities.view_participants", activity)
    return render(
        request,
        "activities/participants.html",
        {"activity": activity, "signups": selectors.participants(activity)},
    )


@require_POST
def attendance(request, pk, signup_pk):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "activities.view_participants", activity)
    signup = get_object_or_404(SignUp, pk=signup_pk, activity=activity)
    try:
        services.attendance_record(signup=signup, came=request.POST.get("came") == "yes")
    except services.ActivityError as exc:
        flash.error(request, "; ".join(exc.errors.values()))
    return redirect("activities:participants", pk=activity.pk)


@require_POST
def cancel_activity(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    require(request, "activities.change_activity", activity)
    told = services.activity_cancel(activity=activity, base_url=site_base())
    flash.success(request, _("Cancelled; %(n)s people were told.") % {"n": told})
    return redirect("activities:mine")


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
        activity = get_object_or_404(Activity, pk=form.cleaned_data["activity"])
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


def _volunteers():
    return get_user_model().objects.filter(groups__name=GROUP_VOLUNTEER, is_active=True)


@require_http_methods(["GET", "POST"])
def company(request):
    require(request, "activities.pair_companion")
    if request.method == "POST":
        chosen_signup = IdForm(request.POST, name="signup")
        if not chosen_signup.is_valid():
            return HttpResponseBadRequest("signup: not a sign-up's id")
        signup = get_object_or_404(
            selectors.company_wanted(), pk=chosen_signup.cleaned_data["signup"]
        )
        form = PairForm(request.POST, volunteers=_volunteers())
        if form.is_valid():
            chosen = form.cleaned_data["volunteer"]
            volunteer = _volunteers().filter(pk=chosen).first() if chosen else None
            try:
                services.companion_pair(signup=signup, volunteer=volunteer)
                flash.success(request, _("Saved."))
            except services.ActivityError as exc:
                flash.error(request, "; ".join(exc.errors.values()))
        return redirect("activities:company")
    rows = [
        (signup, selectors.volunteers_free_for(signup.activity))
        for signup in selectors.company_wanted()
    ]
    return render(
        request,
        "activities/company.html",
        {"rows": rows, "volunteers": _volunteers().order_by("username")},
    )


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


@require_POST
def sign_up_case(request, pk):
    """Sign a case's citizen up. The reference is matched as it is stored (lower-case hex), in
    whatever case it was typed. From the page of activities for a case (``back=case``) the
    broker returns there; otherwise to the activity."""
    require(request, "activities.sign_up_case")
    activity = get_object_or_404(Activity, pk=pk)
    reference = request.POST.get("case", "").strip()
    case = get_object_or_404(Case.objects.select_related("citizen"), pseudonym__iexact=reference)
    require(request, "referrals.change_case", case)
    if request.POST.get("back") == "case":
        back = redirect("activities:for_case", pk=case.pk)
    else:
        back = redirect("activities:detail", pk=activity.pk)
    try:
        result = signup_from_case(
            case=case,
            activity=activity,
            user=request.user,
            wants_company=request.POST.get("wants_company") == "on",
            base_url=site_base(),
        )
    except (ReferralError, signups.SignUpError) as exc:
        flash.error(request, str(exc))
        return back
    status = result.signup.get_status_display()
    flash.success(request, _("Signed up: %(status)s.") % {"status": status})
    return back
