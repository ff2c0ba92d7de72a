"""Where each role lands after signing in (``LOGIN_REDIRECT_URL`` is
``web.views.public.after_sign_in``).

The site shell may know every app's pages, so the map lives here. A person with several roles
lands on the page of the first of them in this order; a ``next`` the sign-in form carries (a
safe one: Django's ``LoginView`` checks it) is honoured before this map is asked.

=============  ===========================================  ==============================
role           page                                          URL name
=============  ===========================================  ==============================
broker         I dag: what is due today                      ``referrals:today``
administrator  the administration: users, arenas, history    ``administration:index``
analyst        Indsigt                                       ``insights:index``
staff          the conversation guide (beside their          ``referrals:guide``
               referrals in the menu)
editor         Mine tilbud                                   ``directory:mine``
volunteer      when I can go with someone                    ``activities:availability``
citizen        my activities                                 ``activities:mine``
=============  ===========================================  ==============================
"""

from __future__ import annotations

from django.urls import reverse

from brobygger.accounts import roles

LANDINGS = (
    (roles.is_broker, "referrals:today"),
    (roles.is_administrator, "administration:index"),
    (roles.is_analyst, "insights:index"),
    (roles.is_frontline_staff, "referrals:guide"),
    (roles.is_organisation_editor, "directory:mine"),
    (roles.is_volunteer, "activities:availability"),
    (roles.is_citizen, "activities:mine"),
)


def landing_url(*, user) -> str:
    """The page ``user`` starts their work on: the first of their roles in ``LANDINGS``."""
    for holds_role, url_name in LANDINGS:
        if holds_role(user):
            return reverse(url_name)
    return reverse("home")
