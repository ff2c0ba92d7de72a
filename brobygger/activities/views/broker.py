"""The community broker: activities that suit a case, signing the case's citizen up, and pairing a
companion.

The case's page of activities is reached from the case page; each view checks its permission on
its first line.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth import get_user_model
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.accounts.roles import GROUP_VOLUNTEER
from brobygger.activities import broker, selectors, services, signups
from brobygger.activities.broker import signup_from_case
from brobygger.activities.forms import (
    IdForm,
    PairForm,
)
from brobygger.activities.models import Activity
from brobygger.core.access import require
from brobygger.referrals import services as referrals
from brobygger.referrals.models import Case
from brobygger.referrals.selectors import working_cases
from brobygger.referrals.services import ReferralError

CASE_WORK = "case work: activities"


def for_case(request, pk):
    require(request, "activities.sign_up_case")
    case = get_object_or_404(working_cases().select_related("citizen"), pk=pk)
    require(request, "referrals.change_case", case)
    referrals.access_log(user=request.user, citizen=case.citizen, action="view", reason=CASE_WORK)
    is_open = case.state != Case.State.CLOSED
    return render(
        request,
        "activities/for_case.html",
        {
            "case": case,
            "citizen": case.citizen,
            "case_open": is_open,
            "activities": broker.activities_for_case(case=case) if is_open else [],
            "signups": broker.signups_of_case(case),
        },
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


@require_POST
def sign_up_case(request, pk):
    """Sign a case's citizen up. The reference is matched as it is stored (lower-case hex), in
    whatever case it was typed. From the page of activities for a case (``back=case``) the
    broker returns there; otherwise to the activity."""
    require(request, "activities.sign_up_case")
    activity = get_object_or_404(Activity.with_demo, pk=pk)
    reference = request.POST.get("case", "").strip()
    case = get_object_or_404(Case.with_demo.select_related("citizen"), pseudonym__iexact=reference)
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
        )
    except (ReferralError, signups.SignUpError) as exc:
        flash.error(request, str(exc))
        return back
    status = result.signup.get_status_display()
    flash.success(request, _("Signed up: %(status)s.") % {"status": status})
    return back
