"""Hosts: the host account, creating activities, their own list, participants, attendance and
cancelling.

The host account: ask for one (name and address), then confirm the address by posting the
code from the e-mail and choose the password. Both pages are for anyone; each limits how often
one address may post. A GET never signs anyone in. Each view checks its permission on its
first line.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.activities import registration, selectors, services
from brobygger.activities.account_forms import AccountConfirmForm, AccountForm
from brobygger.activities.forms import (
    ActivityForm,
)
from brobygger.activities.models import Activity, SignUp
from brobygger.core import ratelimit
from brobygger.core.access import require
from brobygger.core.messaging import site_url

# Account requests and confirmation tries per address and hour.
REQUESTS_PER_HOUR = 10


CONFIRM_TRIES_PER_HOUR = 30


@require_http_methods(["GET", "POST"])
def account(request):
    """Ask for an account: whatever the address, the answer and its work are the same (the
    lookup and the e-mail are queued)."""
    if request.user.is_authenticated:
        return redirect("activities:create")
    form = AccountForm(request.POST or None)
    if request.method == "POST":
        if not ratelimit.allow(
            request, scope="activity-account", limit=REQUESTS_PER_HOUR, window_seconds=3600
        ):
            return render(
                request, "activities/account.html", {"form": form, "throttled": True}, status=429
            )
        if form.is_valid():
            registration.account_request_enqueue(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                base_url=site_url(),
                language=get_language() or "da",
            )
            return render(request, "activities/account.html", {"sent": True})
    return render(request, "activities/account.html", {"form": form})


@require_http_methods(["GET", "POST"])
def account_confirm(request):
    """The link from the e-mail (``…/bekraeft/#kode=…``): a form that posts the code and the
    new password; only then the account is active and its owner signed in."""
    form = AccountConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(
            request, scope="activity-account-confirm", limit=CONFIRM_TRIES_PER_HOUR,
            window_seconds=3600,
        ):  # fmt: skip
            return render(
                request,
                "activities/account_confirm.html",
                {"form": form, "throttled": True},
                status=429,
            )
        if form.is_valid():
            try:
                user = registration.account_confirm(
                    code=form.cleaned_data["code"], password=form.cleaned_data["new_password1"]
                )
            except registration.RegistrationUnusable:
                form.unusable = True
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                flash.success(request, _("Your address is confirmed. Welcome!"))
                return redirect("activities:create")
        if form.unusable:
            status = 404
    return render(request, "activities/account_confirm.html", {"form": form}, status=status)


def account_confirm_old_link(request, uidb64, token):
    """A link from before the code moved after '#': on to the page that asks for the code.
    Nothing from the path is used (and the redirect takes it out of the address bar)."""
    return redirect("activities:account_confirm")


@require_http_methods(["GET", "POST"])
def create(request):
    require(request, "activities.create_activity")
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(user=request.user, data=form.to_input())
        except services.ActivityError as exc:
            for name, message in exc.errors.items():
                field = name if name in form.fields else None
                form.add_error(field, message)
        else:
            if activity.state == Activity.State.SUBMITTED:
                flash.success(request, _("Thank you. The activity is shown once it is approved."))
            else:
                flash.success(request, _("The activity is published."))
            return redirect("activities:mine")
    return render(request, "activities/create.html", {"form": form})


def mine(request):
    require(request, "activities.create_activity")
    return render(
        request, "activities/mine.html", {"activities": selectors.hosted_by(request.user)}
    )


def participants(request, pk):
    activity = get_object_or_404(Activity.with_demo, pk=pk)
    require(request, "activities.view_participants", activity)
    return render(
        request,
        "activities/participants.html",
        {"activity": activity, "signups": selectors.participants(activity)},
    )


@require_POST
def attendance(request, pk, signup_pk):
    activity = get_object_or_404(Activity.with_demo, pk=pk)
    require(request, "activities.view_participants", activity)
    signup = get_object_or_404(SignUp, pk=signup_pk, activity=activity)
    try:
        services.attendance_record(signup=signup, came=request.POST.get("came") == "yes")
    except services.ActivityError as exc:
        flash.error(request, "; ".join(exc.errors.values()))
    return redirect("activities:participants", pk=activity.pk)


@require_POST
def cancel_activity(request, pk):
    activity = get_object_or_404(Activity.with_demo, pk=pk)
    require(request, "activities.change_activity", activity)
    told = services.activity_cancel(activity=activity)
    flash.success(request, _("Cancelled; %(n)s people were told.") % {"n": told})
    return redirect("activities:mine")
