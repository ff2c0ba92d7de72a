"""The broker's own work: what is due today or overdue, and who has which case."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.core.access import require
from brobygger.referrals import selectors, services
from brobygger.referrals.forms import AssignForm
from brobygger.referrals.models import Case


def owner_choices() -> list[tuple[str, str]]:
    return [("all", _("All")), ("mine", _("Mine")), ("unassigned", _("Unassigned"))]


def today(request):
    """'I dag / forsinket': first contacts, first visits and follow-ups due today or overdue."""
    require(request, "referrals.view_cases")
    owner = request.GET.get("owner", "all")
    if owner not in selectors.OWNERS:
        owner = "all"
    day = timezone.localdate()
    items = selectors.due_work(today=day, owner=owner, user=request.user)
    return render(
        request,
        "referrals/today.html",
        {
            "items": [(item, item.overdue(day)) for item in items],
            "owner": owner,
            "owners": owner_choices(),
            "first_contact_days": selectors.first_contact_days(),
        },
    )


def case_assign(request, case: Case, action: str):
    """POSTed from the case page: ``take`` the case, or ``assign`` it to a broker (or nobody).
    The caller has checked ``change_case``."""
    require(request, "referrals.assign_case", case)
    if action == "take":
        assignee = request.user
    else:
        form = AssignForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a community broker."))
            return redirect("referrals:case", pk=case.pk)
        assignee = form.cleaned_data["assigned_to"]
    try:
        changed = services.case_assign(
            case=case, assignee=assignee, by=request.user, base_url=services.site_base(request)
        )
    except services.ReferralError as error:
        messages.error(request, str(error))
    else:
        if changed:
            messages.success(request, _("Saved."))
    return redirect("referrals:case", pk=case.pk)
