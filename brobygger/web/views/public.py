"""The site's own pages: front page, accessibility statement, and where sign-in lands."""

import datetime

from django.conf import settings
from django.shortcuts import redirect, render

from brobygger.core.access import require
from brobygger.core.messaging import site_url
from brobygger.directory.forms import SearchForm
from brobygger.web.landing import landing_url

# When the accessibility statement was prepared and last reviewed (the law asks for both);
# a deployment may set ACCESSIBILITY_STATEMENT_UPDATED (YYYY-MM-DD) after its own review.
ACCESSIBILITY_STATEMENT_PREPARED = datetime.date(2026, 11, 26)
ACCESSIBILITY_STATEMENT_UPDATED = datetime.date(2026, 11, 26)
NATIONAL_COMPLAINTS_URL = "https://was.digst.dk/"


def home(request):
    return render(request, "web/home.html", {"form": SearchForm()})


def after_sign_in(request):
    """``LOGIN_REDIRECT_URL``: each role on its own work (``web.landing``). Sign-in sends a
    person here unless a safe ``next`` says otherwise; the second factor, when asked, comes
    first and leads here after the code (``accounts.middleware``, ``accounts.views.member``)."""
    require(request, "web.continue_after_sign_in")
    return redirect(landing_url(user=request.user))


def accessibility(request):
    updated = getattr(settings, "ACCESSIBILITY_STATEMENT_UPDATED", None)
    if isinstance(updated, str) and updated:
        updated = datetime.date.fromisoformat(updated)
    return render(
        request,
        "web/accessibility.html",
        {
            "site_url": site_url("/"),  # the site it covers, not the request's Host
            "contact_email": getattr(settings, "ACCESSIBILITY_CONTACT_EMAIL", "")
            or settings.DEFAULT_FROM_EMAIL,
            "prepared": ACCESSIBILITY_STATEMENT_PREPARED,
            "updated": updated or ACCESSIBILITY_STATEMENT_UPDATED,
            "complaints_url": NATIONAL_COMPLAINTS_URL,
        },
    )
