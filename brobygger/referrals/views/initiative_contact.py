"""An initiative's contact: the referrals to it, and confirming a citizen's first visit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.core.access import require
from brobygger.referrals import services
from brobygger.referrals.models import Referral


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
