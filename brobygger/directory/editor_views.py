"""The curators' pages of the directory: an editor's own initiatives with their checklists and
"new initiative", the administrator's stale list (bulk reminders and confirmations) and the
drafts list. Each view checks permission on its first line (core.access.require)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.core.access import require
from brobygger.directory import selectors, services
from brobygger.directory.checklist import checklist
from brobygger.directory.forms import NewInitiativeForm, StaleBulkForm
from brobygger.directory.models import Initiative


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


def drafts(request):
    """Draft initiatives (e.g. accepted suggestions) waiting to be completed and published."""
    require(request, "directory.moderate_suggestions")
    initiatives = [
        (i, checklist(i))
        for i in selectors.draft_initiatives().prefetch_related(
            "schedules", "service_at_locations__location"
        )
    ]
    return render(request, "directory/drafts.html", {"initiatives": initiatives})
