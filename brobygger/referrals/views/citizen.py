"""Citizens: asking the broker to make contact, and withdrawing consent with the receipt's code."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from brobygger.core.access import require
from brobygger.core.ratelimit import allow
from brobygger.referrals import selectors, services
from brobygger.referrals.forms import (
    SelfReferralForm,
    WithdrawalForm,
)

# Anonymous forms: sends per address and hour (a person sends once; a script is stopped).
CONTACT_LIMIT = 10


WITHDRAW_LIMIT = 20


HOUR = 3600


VISITOR = "referrals_visitor"


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
            )
            code = services.withdrawal_code_issue(case)
            return render(
                request,
                "referrals/contact_thanks.html",
                {"case": case, "code": code, "broker": _broker()},
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
            case = selectors.case_by_withdrawal_code(form.cleaned_data["code"])
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
