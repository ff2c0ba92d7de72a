"""Pages of the collaboration model. Each view checks permission on its first line
(web.access.require); every view of a citizen's record is written to the access log."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.directory.models import Initiative
from brobygger.referrals import demo, evaluation, selectors, services
from brobygger.referrals.forms import (
    ContactForm,
    InitiativeReferralForm,
    OutcomeForm,
    ReferralForm,
    SelfReferralForm,
    StateForm,
    TilsFields,
)
from brobygger.referrals.models import Case, Referral
from brobygger.referrals.tils import tils_band, tils_score
from brobygger.web.access import require

CASE_WORK = "case work"


def guide(request):
    """The conversation guide for staff, with the three questions scored on the spot."""
    require(request, "referrals.use_guide")
    form = TilsFields(request.POST or None)
    score = band = None
    if request.method == "POST" and form.is_valid() and form.items() is not None:
        score = tils_score(form.items())
        band = tils_band(score)
    language = "en" if request.LANGUAGE_CODE == "en" else "da"
    return render(
        request,
        "referrals/guide.html",
        {"form": form, "score": score, "band": band, "content": f"referrals/guide_{language}.html"},
    )


def refer(request):
    require(request, "referrals.view_my_arenas")
    arenas = selectors.arenas_of(request.user)
    form = ReferralForm(request.POST or None, arenas=arenas)
    if request.method == "POST" and form.is_valid():
        arena = form.cleaned_data["arena"]
        require(request, "referrals.refer_from_arena", arena)
        try:
            case, _created = services.referral_submit(
                user=request.user,
                arena=arena,
                citizen_fields=form.citizen_fields(),
                consent=services.ConsentGiven(
                    given_by=form.cleaned_data["consent_given_by"],
                    method=form.cleaned_data["consent_method"],
                    valid_until=form.cleaned_data["consent_valid_until"],
                    outcome=form.cleaned_data["outcome_consent"],
                ),
                items=form.items(),
                client_reference=form.cleaned_data["client_reference"],
            )
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            return render(request, "referrals/receipt.html", {"case": case, "broker": _broker()})
    return render(request, "referrals/refer.html", {"form": form})


def arena_referrals(request):
    """Staff see their arenas' referrals: when and the state; nothing about the person."""
    require(request, "referrals.view_my_arenas")
    arenas = selectors.arenas_of(request.user)
    return render(
        request,
        "referrals/arena_referrals.html",
        {"cases": selectors.arena_referrals(arenas)[:200], "arenas": arenas},
    )


@require_POST
def arena_withdraw(request, pk):
    """Staff record the citizen's withdrawal of consent (as easy as giving it)."""
    case = get_object_or_404(Case, pk=pk)
    require(request, "referrals.view_arena_referrals", case.arena)
    services.consent_withdraw(case=case, user=request.user)
    messages.success(request, _("The consent is withdrawn and the details are deleted."))
    return redirect("referrals:arena_referrals")


def _broker() -> dict:
    return {"name": settings.BROKER_NAME, "phone": settings.BROKER_PHONE}


def contact_me(request):
    """The public way in: the broker's phone line, or 'contact me'."""
    require(request, "referrals.self_refer")
    form = SelfReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = services.self_referral_submit(
            citizen_fields=form.citizen_fields(),
            client_reference=form.cleaned_data["client_reference"],
        )
        return render(request, "referrals/contact_thanks.html", {"case": case, "broker": _broker()})
    return render(request, "referrals/contact.html", {"form": form, "broker": _broker()})


def withdraw(request, token):
    """The citizen withdraws consent with the code from their receipt; no login needed."""
    require(request, "referrals.self_refer")
    case = get_object_or_404(Case, withdrawal_token=token)
    done = case.citizen.anonymised_at is not None
    if request.method == "POST" and not done:
        services.consent_withdraw(case=case)
        done = True
    return render(request, "referrals/withdraw.html", {"done": done, "token": token})


def queue(request):
    require(request, "referrals.view_cases")
    state = request.GET.get("state", "")
    if state not in Case.State.values:
        state = ""
    return render(
        request,
        "referrals/queue.html",
        {"cases": selectors.case_queue(state)[:300], "state": state, "states": Case.State.choices},
    )


def case_detail(request, pk):
    case = get_object_or_404(Case.objects.select_related("citizen", "arena"), pk=pk)
    require(request, "referrals.view_case", case)
    return _case_page(request, case)


def _case_page(request, case, **forms):
    services.access_log(user=request.user, citizen=case.citizen, action="view", reason=CASE_WORK)
    context = {
        "case": case,
        "citizen": case.citizen,
        "consents": case.citizen.consents.all(),
        "contacts": case.contacts.select_related("by"),
        "referrals": case.referrals.select_related("initiative"),
        "outcomes": case.outcomes.order_by("measured_at"),
        "suggestions": [] if case.state == Case.State.CLOSED else selectors.suggestions(case),
        "state_form": forms.get("state_form") or StateForm(),
        "contact_form": forms.get("contact_form") or ContactForm(),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        "refer_form": InitiativeReferralForm(),
        "error": forms.get("error"),
    }
    return render(request, "referrals/case.html", context, status=400 if forms else 200)


@require_POST
def case_action(request, pk, action):
    case = get_object_or_404(Case.objects.select_related("citizen", "arena"), pk=pk)
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
            services.initiative_refer(
                case=case, initiative=initiative, user=request.user, message=data["message"]
            )
    except services.ReferralError as error:
        return _case_page(request, case, error=str(error))
    messages.success(request, _("Saved."))
    return redirect("referrals:case", pk=case.pk)


def case_export(request, pk):
    """Right of access: everything about the citizen and who has seen it, as JSON."""
    case = get_object_or_404(Case.objects.select_related("citizen"), pk=pk)
    require(request, "referrals.export_citizen_data", case.citizen)
    data = services.citizen_export(citizen=case.citizen, user=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="indsigt-{case.pseudonym}.json"'
    return response


def initiative_referrals(request):
    """The initiative's contact person: referrals to their initiatives, with what they need."""
    require(request, "referrals.view_initiative_referrals")
    referrals = services.referrals_seen_by_contact(request.user)
    return render(request, "referrals/initiative_referrals.html", {"referrals": referrals})


@require_POST
def referral_confirm(request, pk, what):
    referral = get_object_or_404(Referral.objects.select_related("case", "initiative"), pk=pk)
    require(request, "referrals.confirm_referral", referral)
    try:
        if what == "first-visit":
            services.referral_confirm_first_visit(referral=referral, user=request.user)
        elif what == "participating":
            services.referral_confirm_participating(referral=referral, user=request.user)
        else:
            return HttpResponse(status=404)
    except services.ReferralError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you, it is recorded."))
    return redirect("referrals:initiative_referrals")


def dashboard(request):
    require(request, "referrals.view_evaluation")
    include_demo = request.GET.get("demo", "1") != "0"
    qs = evaluation.cases(include_demo=include_demo)
    rows = evaluation.funnel(qs)
    return render(
        request,
        "referrals/dashboard.html",
        {
            "rows": rows,
            "totals": evaluation.funnel_totals(rows),
            "timings": evaluation.time_to_first_visit(qs),
            "before_after": evaluation.before_after(qs),
            "tils": evaluation.tils_change(qs),
            "has_demo": demo.has_demo(),
            "include_demo": include_demo,
        },
    )


def research_csv(request):
    require(request, "referrals.export_research_data")
    include_demo = request.GET.get("demo", "1") != "0"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="brobygger-forloeb.csv"'
    writer = csv.DictWriter(response, fieldnames=evaluation.RESEARCH_COLUMNS)
    writer.writeheader()
    writer.writerows(evaluation.research_rows(evaluation.cases(include_demo=include_demo)))
    return response
