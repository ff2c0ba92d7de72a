"""Editors: editing and confirming an initiative, its history, their own initiatives, stale ones
and new ones.

Each view checks permission on its first line (``core.access.require``).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.core.access import require
from brobygger.directory import selectors, services
from brobygger.directory.checklist import checklist
from brobygger.directory.forms import (
    InitiativeForm,
    NewInitiativeForm,
    ScheduleFormSet,
    StaleBulkForm,
    schedule_initial,
)
from brobygger.directory.models import Initiative
from brobygger.directory.views.shared import _initiative_or_404

EDIT_DETAILS = ("phone", "languages", "address_1", "postal_code", "city")


EDIT_FIELDS = (
    "name",
    "description",
    "first_visit",
    "may_bring_companion",
    "application_process",
    "eligibility_description",
    "fees_description",
    "url",
    "email",
    "minimum_age",
    "maximum_age",
    "staffing",
    "status",
    "access",
    "service_area",
    "service_postcodes",
)


@require_http_methods(["GET", "POST"])
def edit(request, pk):
    initiative = _initiative_or_404(pk)
    require(request, "directory.change_initiative", initiative)
    form = InitiativeForm(
        request.POST or None,
        initial=_initial(initiative),
        contacts=selectors.organization_members(initiative.organization),
    )
    schedules = ScheduleFormSet(
        request.POST or None,
        prefix="schedule",
        initial=schedule_initial(initiative.schedules.all()),
    )
    if request.method == "POST" and form.is_valid() and schedules.is_valid():
        d = form.cleaned_data
        details = {k: d[k] for k in EDIT_DETAILS}
        fields = {"referral_contact": form.contacts.get(d["referral_contact"])}
        fields |= {k: d[k] for k in EDIT_FIELDS}
        rows = [f.row for f in schedules.forms if f.row]
        try:
            services.initiative_update(
                initiative=initiative,
                user=request.user,
                fields=fields,
                initiative_type=d["initiative_type"] or None,
                target_groups=d["target_groups"],
                special_groups=d["special_groups"],
                details=details,
                schedules=rows,
            )
        except services.DirectoryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you. The initiative has been updated."))
            return redirect("directory:detail", pk=initiative.pk)
    return render(
        request,
        "directory/edit.html",
        {"initiative": initiative, "form": form, "schedules": schedules},
    )


@require_POST
def confirm(request, pk):
    initiative = _initiative_or_404(pk)
    require(request, "directory.confirm_initiative", initiative)
    services.initiative_confirm_current(initiative=initiative, user=request.user)
    messages.success(
        request,
        _("Thank you for confirming that the information about %(name)s is current.")
        % {"name": initiative.name},
    )
    if request.POST.get("next") == "mine":
        return redirect("directory:mine")
    return redirect("directory:detail", pk=initiative.pk)


def history(request, pk):
    initiative = _initiative_or_404(pk)
    require(request, "directory.view_initiative_history", initiative)
    revisions = selectors.initiative_history(initiative)
    return render(
        request, "directory/history.html", {"initiative": initiative, "revisions": revisions}
    )


def _initial(initiative: Initiative) -> dict:
    phone = initiative.phones.first()
    sal = initiative.service_at_locations.first()
    return {
        "name": initiative.name,
        "description": initiative.description,
        "first_visit": initiative.first_visit,
        "may_bring_companion": initiative.may_bring_companion,
        "application_process": initiative.application_process,
        "eligibility_description": initiative.eligibility_description,
        "fees_description": initiative.fees_description,
        "url": initiative.url,
        "email": initiative.email,
        "phone": phone.number if phone else "",
        "minimum_age": initiative.minimum_age,
        "maximum_age": initiative.maximum_age,
        "staffing": initiative.staffing,
        "status": initiative.status,
        "referral_contact": str(initiative.referral_contact_id or ""),
        "initiative_type": initiative.initiative_type.code if initiative.initiative_type else "",
        "target_groups": [t.code for t in initiative.target_groups.all()],
        "special_groups": [t.code for t in initiative.special_groups.all()],
        "languages": [lang.code for lang in initiative.languages.all()],
        "address_1": sal.location.address_1 if sal else "",
        "postal_code": sal.location.postal_code if sal else "",
        "city": sal.location.city if sal else "",
        "access": initiative.access,
        "service_area": initiative.service_area,
        "service_postcodes": initiative.service_postcodes,
    }


@require_http_methods(["GET", "POST"])
def stale(request):
    require(request, "directory.view_stale_initiatives")
    if request.method == "POST":
        form = StaleBulkForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Tick at least one initiative."))
            return redirect("directory:stale")
        chosen = selectors.visible(
            Initiative.objects.filter(pk__in=form.cleaned_data["initiative"])
        )
        chosen = list(chosen.select_related("organization"))
        if form.cleaned_data["action"] == "confirm":
            n = services.initiatives_confirm(initiatives=chosen, user=request.user)
            messages.success(
                request,
                ngettext(
                    "%(n)s initiative confirmed as current.",
                    "%(n)s initiatives confirmed as current.",
                    n,
                )
                % {"n": n},
            )
        else:
            sent, without = services.stale_reminders_send_for(initiatives=chosen)
            text = ngettext(
                "Reminder sent about %(n)s initiative.",
                "Reminders sent about %(n)s initiatives.",
                sent,
            ) % {"n": sent}
            if without:
                text += " " + ngettext(
                    "%(n)s has no editor with an e-mail address.",
                    "%(n)s have no editor with an e-mail address.",
                    without,
                ) % {"n": without}
            messages.success(request, text)
        return redirect("directory:stale")
    return render(request, "directory/stale.html", {"initiatives": selectors.stale_initiatives()})


def mine(request):
    require(request, "directory.view_my_initiatives")
    initiatives = [(i, checklist(i)) for i in selectors.initiatives_of(request.user)]
    organizations = selectors.organizations_of(request.user)
    return render(
        request,
        "directory/mine.html",
        {
            "initiatives": initiatives,
            "new_form": NewInitiativeForm(organizations=organizations) if organizations else None,
        },
    )


@require_POST
def create(request):
    """ "Nyt tilbud": a draft for one of the editor's organisations, completed on its edit page."""
    require(request, "directory.view_my_initiatives")
    form = NewInitiativeForm(request.POST, organizations=selectors.organizations_of(request.user))
    if not form.is_valid():
        messages.error(request, _("Give the initiative a name and choose the organisation."))
        return redirect("directory:mine")
    organization = form.cleaned_data["organization"]
    require(request, "directory.add_initiative", organization)
    initiative = services.initiative_draft_create(
        organization=organization, user=request.user, name=form.cleaned_data["name"]
    )
    messages.success(
        request, _("Created as a draft. Fill in the details and publish it when it is ready.")
    )
    return redirect("directory:edit", pk=initiative.pk)
