"""Frontline staff: the conversation guide, referring with consent, the arena's referrals and the
citizen's receipt.

The receipt (a page, an A6 PDF, sent once by e-mail or text message) is for staff of the case's
arena only, while the consent holds. Each view checks permission on its first line.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.access import require
from brobygger.core.messaging import site_url
from brobygger.core.ratelimit import allow
from brobygger.core.sms import SmsError
from brobygger.referrals import receipt, selectors, services
from brobygger.referrals.forms import (
    ReceiptSendForm,
    ReferralForm,
    TilsFields,
)
from brobygger.referrals.models import Case
from brobygger.referrals.tils import tils_band, tils_score


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
    case = get_object_or_404(Case.with_demo, pk=pk)
    require(request, "referrals.view_arena_referrals", case.arena)
    services.consent_withdraw(case=case, user=request.user)
    messages.success(request, _("The consent is withdrawn and the details are deleted."))
    return redirect("referrals:arena_referrals")


# Receipts sent per address and hour: a desk sends a few; more is a script.
SEND_LIMIT = 30


def _case(pk) -> Case:
    return get_object_or_404(Case.with_demo.select_related("citizen", "arena"), pk=pk)


def receipt_page(request, case: Case, *, form=None, status=200):
    """The staff's page, in their language, with a preview of the receipt in the citizen's."""
    base_url = site_url()
    context = receipt.receipt_context(case, base_url=base_url)  # one code for page and card
    context["card"] = receipt.receipt_card_html(case, base_url=base_url, code=context["code"])
    context["send_form"] = form or ReceiptSendForm()
    return render(request, "referrals/receipt.html", context, status=status)


def receipt_view(request, pk):
    case = _case(pk)
    require(request, "referrals.give_receipt", case)
    return receipt_page(request, case)


def receipt_pdf(request, pk):
    case = _case(pk)
    require(request, "referrals.give_receipt", case)
    pdf = receipt.receipt_pdf(case, base_url=site_url())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="kvittering-{case.pseudonym}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def receipt_send(request, pk):
    case = _case(pk)
    require(request, "referrals.give_receipt", case)
    form = ReceiptSendForm(request.POST)
    if not form.is_valid():
        return receipt_page(request, case, form=form, status=400)
    if not allow(request, scope="referrals-receipt", limit=SEND_LIMIT, window_seconds=3600):
        form.add_error(None, _("Too many messages from your address. Try again later, or call."))
        return receipt_page(request, case, form=form, status=429)
    try:
        receipt.receipt_send(
            case=case,
            channel=form.cleaned_data["channel"],
            to=form.cleaned_data["to"],
        )
    except (SmsError, ValueError) as error:
        form.add_error(None, str(error))
        return receipt_page(request, case, form=form, status=400)
    messages.success(request, _("The receipt is sent. The address is not stored."))
    return redirect("referrals:receipt", pk=case.pk)
