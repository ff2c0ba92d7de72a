"""The receipt staff give the citizen after a referral: a page, an A6 PDF, and sending it once
by e-mail or text message. Staff of the case's arena only, while the consent holds."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.access import require
from brobygger.core.ratelimit import allow
from brobygger.core.sms import SmsError
from brobygger.referrals import receipt, services
from brobygger.referrals.forms import ReceiptSendForm
from brobygger.referrals.models import Case

# Receipts sent per address and hour: a desk sends a few; more is a script.
SEND_LIMIT = 30


def _case(pk) -> Case:
    return get_object_or_404(Case.objects.select_related("citizen", "arena"), pk=pk)


def receipt_page(request, case: Case, *, form=None, status=200):
    """The staff's page, in their language, with a preview of the receipt in the citizen's."""
    base_url = services.site_base(request)
    context = receipt.receipt_context(case, base_url=base_url)
    context["card"] = receipt.receipt_card_html(case, base_url=base_url)
    context["send_form"] = form or ReceiptSendForm()
    return render(request, "referrals/receipt.html", context, status=status)


def receipt_view(request, pk):
    case = _case(pk)
    require(request, "referrals.give_receipt", case)
    return receipt_page(request, case)


def receipt_pdf(request, pk):
    case = _case(pk)
    require(request, "referrals.give_receipt", case)
    pdf = receipt.receipt_pdf(case, base_url=services.site_base(request))
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
            base_url=services.site_base(request),
        )
    except (SmsError, ValueError) as error:
        form.add_error(None, str(error))
        return receipt_page(request, case, form=form, status=400)
    messages.success(request, _("The receipt is sent. The address is not stored."))
    return redirect("referrals:receipt", pk=case.pk)
