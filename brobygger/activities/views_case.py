"""The broker's page of activities for one case: upcoming activities that suit the citizen,
each with a button that signs them up (``manage_views.sign_up_case``), and the case's
sign-ups so far. Reached from the case page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from brobygger.activities import broker
from brobygger.core.access import require
from brobygger.referrals import services as referrals
from brobygger.referrals.models import Case
from brobygger.referrals.selectors import working_cases

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
