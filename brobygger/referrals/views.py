"""Pages of the collaboration model. Each view checks permission on its first line
(core.access.require); every view of a citizen's record is written to the access log."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.access import require
from brobygger.core.ratelimit import allow
from brobygger.directory.models import Initiative
from brobygger.referrals import selectors, services
from brobygger.referrals.forms import (
    AssignForm,
    ContactForm,
    InitiativeReferralForm,
    OutcomeForm,
    ReferralForm,
    SelfReferralForm,
    StateForm,
    TilsFields,
    WithdrawalForm,
)
from brobygger.referrals.models import Case, Referral
from brobygger.referrals.tils import tils_band, tils_score
from brobygger.referrals.views_receipt import receipt_page
from brobygger.referrals.views_work import case_assign, owner_choices

CASE_WORK = "case work"
# Anonymous forms: sends per address and hour (a person sends once; a script is stopped).
CONTACT_LIMIT = 10
WITHDRAW_LIMIT = 20
HOUR = 3600
VISITOR = "referrals_visitor"


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
    if request.method == "POST" and "from_guide" in request.POST:
        # "Henvis" from the conversation guide: its three answers start the form (posted, so the
        # answers reach no address bar or log); the citizen's consent to keep them is still the
        # form's own question
        answers = TilsFields(request.POST)
        initial = answers.cleaned_data if answers.is_valid() else {}
        form = ReferralForm(initial=initial, arenas=arenas)
        return render(request, "referrals/refer.html", {"form": form})
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
                base_url=services.site_base(request),
            )
        except services.ReferralError as error:
            form.add_error(None, str(error))
        else:
            return receipt_page(request, case)
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


def _visitor(request) -> str:
    """An anonymous visitor's identity for their form's client reference: a random value kept
    in their session (created when the form is shown, so a double click shares it), stored on
    the case only as a hash."""
    value = request.session.get(VISITOR)
    if not value:
        value = request.session[VISITOR] = secrets.token_urlsafe(18)
    return "session:" + hashlib.sha256(value.encode()).hexdigest()[:40]


def contact_me(request):
    """The public way in: the broker's phone line, or 'contact me'."""
    require(request, "referrals.self_refer")
    visitor = _visitor(request)
    form = SelfReferralForm(request.POST or None)
    context = {"form": form, "broker": _broker()}
    if request.method == "POST":
        if not allow(request, scope="referrals-contact", limit=CONTACT_LIMIT, window_seconds=HOUR):
            form.is_valid()
            form.add_error(
                None, _("Too many messages from your address. Try again later, or call.")
            )
            return render(request, "referrals/contact.html", context, status=429)
        if form.is_valid():
            case = services.self_referral_submit(
                citizen_fields=form.citizen_fields(),
                client_reference=form.cleaned_data["client_reference"],
                submitter=visitor,
                base_url=services.site_base(request),
            )
            return render(
                request, "referrals/contact_thanks.html", {"case": case, "broker": _broker()}
            )
    return render(request, "referrals/contact.html", context)


def withdraw(request):
    """The citizen withdraws consent with the code from their receipt; no login needed.

    The receipt's link carries the code after ``#`` (browsers never send it: it reaches no
    server log) and the page posts it."""
    require(request, "referrals.self_refer")
    form = WithdrawalForm(request.POST or None)
    done = unknown = False
    status = 200
    if request.method == "POST":
        if not allow(
            request, scope="referrals-withdraw", limit=WITHDRAW_LIMIT, window_seconds=HOUR
        ):
            form.is_valid()
            form.add_error(
                None, _("Too many attempts from your address. Try again later, or call.")
            )
            status = 429
        elif form.is_valid():
            case = Case.objects.filter(withdrawal_token=form.cleaned_data["code"]).first()
            if case is None:
                unknown, status = True, 404
            else:
                services.consent_withdraw(case=case)
                done = True
    return render(
        request,
        "referrals/withdraw.html",
        {"form": form, "done": done, "unknown": unknown, "broker": _broker()},
        status=status,
    )


def withdraw_legacy(request, token):
    """Retired: the links of old receipts had the code in the address, which the web server
    logs. They now lead to the page that asks for the code, with nothing in the address, and
    never withdraw by themselves (a redirect is not an error, so Django logs nothing)."""
    require(request, "referrals.self_refer")
    return redirect("referrals:withdraw")


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
                    base_url=services.site_base(request),
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
