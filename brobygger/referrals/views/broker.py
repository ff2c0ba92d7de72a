"""The community broker: today's work, the case list, a case and its actions, assignment and the
citizen's data export.

Each view checks permission on its first line (``core.access.require``); every view of a
citizen's record is written to the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.access import require
from brobygger.directory.models import Initiative
from brobygger.referrals import selectors, services
from brobygger.referrals.forms import (
    AssignForm,
    ContactForm,
    InitiativeReferralForm,
    OutcomeForm,
    StateForm,
)
from brobygger.referrals.models import Case

CASE_WORK = "case work"


def queue(request):
    """The broker's queue: open cases (or one state), everyone's, mine or nobody's."""
    require(request, "referrals.view_cases")
    state = request.GET.get("state", "")
    if state not in Case.State.values:
        state = ""
    owner = request.GET.get("owner", "all")
    if owner not in selectors.OWNERS:
        owner = "all"
    cases = selectors.case_queue(state, owner=owner, user=request.user)[:300]
    return render(
        request,
        "referrals/queue.html",
        {
            "cases": cases,
            "state": state,
            "states": Case.State.choices,
            "owner": owner,
            "owners": owner_choices(),
        },
    )


def _real_case(pk) -> Case:
    """A case people work on (in demo mode, the demo working day's too)."""
    return get_object_or_404(selectors.working_cases().select_related("citizen", "arena"), pk=pk)


def case_detail(request, pk):
    case = _real_case(pk)
    require(request, "referrals.view_case", case)
    if services.consent_end_if_expired(case=case):
        messages.info(request, _("The citizen's consent has expired: the case is closed."))
    return _case_page(request, case)


def _case_page(request, case, *, confirm=None, confirm_message="", **forms):
    """The case. ``confirm``: an initiative the broker tried to refer to that nobody receives
    referrals for; the page then asks them to confirm that they will follow up by hand."""
    services.access_log(user=request.user, citizen=case.citizen, action="view", reason=CASE_WORK)
    open_case = case.state != Case.State.CLOSED
    suggestions = selectors.suggestions(case) if open_case else []
    query = request.GET.get("q", "").strip()[:200] if open_case else ""
    found = selectors.initiatives_found(query) if query else []
    shown = [s.initiative.pk for s in suggestions] + [i.pk for i in found]
    if confirm is not None:
        shown.append(confirm.pk)
    context = {
        "case": case,
        "citizen": case.citizen,
        "consents": case.citizen.consents.all(),
        "contacts": case.contacts.select_related("by"),
        "referrals": case.referrals.select_related("initiative"),
        "outcomes": case.outcomes.order_by("measured_at"),
        "suggestions": suggestions,
        "query": query,
        "found": found,
        "unreachable": selectors.unreachable(shown),
        "confirm": confirm,
        "confirm_phone": selectors.initiative_phone(confirm) if confirm else "",
        "confirm_message": confirm_message,
        "assign_form": AssignForm(initial={"assigned_to": case.assigned_to_id}),
        "assignments": case.assignments.select_related("by", "assigned_to")[:20],
        "state_form": forms.get("state_form") or StateForm(),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        "refer_form": InitiativeReferralForm(),
        "error": forms.get("error"),
    }
    failed = bool(forms) or confirm is not None
    return render(request, "referrals/case.html", context, status=400 if failed else 200)


@require_POST
def case_action(request, pk, action):
    case = _real_case(pk)
    require(request, "referrals.change_case", case)
    forms = {
        "state": StateForm,
        "contact": ContactForm,
        "outcome": OutcomeForm,
        "refer": InitiativeReferralForm,
    }
    if action == "withdraw":
        services.consent_withdraw(case=case, user=request.user)
        messages.success(request, _("The consent is withdrawn and the details are deleted."))
        return redirect("referrals:queue")
    if action in ("take", "assign"):
        return case_assign(request, case, action)
    if action not in forms:
        return HttpResponse(status=404)
    form = forms[action](request.POST)
    if not form.is_valid():
        return _case_page(request, case, **{f"{action}_form": form})
    data = form.cleaned_data
    try:
        if action == "state":
            services.case_advance(case, data["state"], reason=data["closed_reason"])
        elif action == "contact":
            services.contact_add(
                case=case,
                user=request.user,
                channel=data["channel"],
                reached=data["reached"],
                note=data["note"],
            )
        elif action == "outcome":
            services.outcome_record(case=case, moment=data["moment"], items=form.items())
        else:
            initiative = get_object_or_404(Initiative, pk=data["initiative"])
            try:
                services.initiative_refer(
                    case=case,
                    initiative=initiative,
                    user=request.user,
                    message=data["message"],
                    without_contact=data["without_contact"],
                )
            except services.NoContactPerson:
                return _case_page(
                    request, case, confirm=initiative, confirm_message=data["message"]
                )
    except services.ReferralError as error:
        return _case_page(request, case, error=str(error))
    messages.success(request, _("Saved."))
    return redirect("referrals:case", pk=case.pk)


def case_export(request, pk):
    """Right of access: everything about the citizen and who has seen it, as JSON."""
    case = _real_case(pk)
    require(request, "referrals.export_citizen_data", case.citizen)
    data = services.citizen_export(citizen=case.citizen, user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="indsigt-{case.pseudonym}.json"'
    return response


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
        changed = services.case_assign(case=case, assignee=assignee, by=request.user)
    except services.ReferralError as error:
        messages.error(request, str(error))
    else:
        if changed:
            messages.success(request, _("Saved."))
    return redirect("referrals:case", pk=case.pk)
