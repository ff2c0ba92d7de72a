"""Pages of the directory. Each view checks permission on its first line (web.access.require)."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.directory import pdf, printing, selectors, services
from brobygger.directory.forms import (
    InitiativeForm,
    PersonalListForm,
    PocketGuideForm,
    SearchForm,
    SuggestionForm,
)
from brobygger.directory.models import Initiative, Suggestion
from brobygger.web import ratelimit
from brobygger.web.access import require

PAGE_SIZE = 20
# Anonymous suggestions from one address: enough for an office entering several, not a script.
SUGGESTIONS_PER_HOUR = 5


def search(request):
    require(request, "directory.search_initiatives")
    form = SearchForm(request.GET or None)
    results = selectors.public_initiatives().none()
    searched = False
    if form.is_bound and form.is_valid():
        results = selectors.initiative_search(form.params())
        searched = True
    elif not form.is_bound:
        results = selectors.initiative_search(selectors.SearchParams())
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/search.html",
        {
            "form": form,
            "page": page,
            "searched": searched,
            "query": query.urlencode(),
            "can_print": _may(request, "directory.print_for_citizens"),
        },
    )


def _language(request) -> str:
    return "en" if request.LANGUAGE_CODE == "en" else "da"


def _pdf_response(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(pdf.to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pocket_guide(request):
    """Staff print "Vejviser til nye fællesskaber" for one audience from live data."""
    require(request, "directory.print_for_citizens")
    form = PocketGuideForm(request.GET or None, initial={"language": _language(request)})
    selection = None
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        chosen = [str(i) for i in d["initiative"]]
        try:
            with translation.override(d["language"]):
                selection = printing.pocket_guide_select(
                    audience=d["audience"], postcode=d["postcode"], chosen=chosen
                )
        except printing.PrintError as error:
            form.add_error(None, str(error))
        else:
            if request.GET.get("format") == "pdf" and selection.entries:
                html = pdf.pocket_guide_html(
                    selection, language=d["language"], large_print=d["large_print"]
                )
                return _pdf_response(html, f"vejviser-{d['audience']}.pdf")
    return render(request, "directory/pocket_guide.html", {"form": form, "selection": selection})


@require_POST
def personal_list(request):
    """A printable list of the initiatives staff ticked in a search, with a note for the
    citizen. Nothing is stored: the note lives only in this page and its PDF."""
    require(request, "directory.print_for_citizens")
    form = PersonalListForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick at least one initiative for the list."))
        return redirect("directory:search")
    ids = [str(i) for i in form.cleaned_data["initiative"]]
    note = form.cleaned_data["note"]
    entries = printing.personal_list_entries(ids)
    if form.cleaned_data["format"] == "pdf":
        html = pdf.personal_list_html(entries, ids=ids, note=note, language=_language(request))
        return _pdf_response(html, "faellesskaber.pdf")
    return HttpResponse(
        pdf.personal_list_html(
            entries, ids=ids, note=note, language=_language(request), request=request
        )
    )


def detail(request, pk):
    initiative = _initiative_or_404(pk)
    require(request, "directory.view_initiative", initiative)
    return render(
        request,
        "directory/detail.html",
        {
            "initiative": initiative,
            "stale": selectors.is_stale(initiative),
            "can_edit": _may(request, "directory.change_initiative", initiative),
        },
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
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        details = {k: d[k] for k in services.DETAIL_KEYS}
        fields = {"referral_contact": form.contacts.get(d["referral_contact"])}
        fields |= {
            k: d[k]
            for k in (
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
            )
        }
        try:
            services.initiative_update(
                initiative=initiative,
                user=request.user,
                fields=fields,
                initiative_type=d["initiative_type"] or None,
                target_groups=d["target_groups"],
                special_groups=d["special_groups"],
                details=details,
            )
        except services.DirectoryError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you. The initiative has been updated."))
            return redirect("directory:detail", pk=initiative.pk)
    return render(request, "directory/edit.html", {"initiative": initiative, "form": form})


@require_POST
def confirm(request, pk):
    initiative = _initiative_or_404(pk)
    require(request, "directory.confirm_initiative", initiative)
    services.initiative_confirm_current(initiative=initiative, user=request.user)
    messages.success(request, _("Thank you for confirming that the information is current."))
    return redirect("directory:detail", pk=initiative.pk)


def history(request, pk):
    initiative = _initiative_or_404(pk)
    require(request, "directory.view_initiative_history", initiative)
    revisions = selectors.initiative_history(initiative)
    return render(
        request, "directory/history.html", {"initiative": initiative, "revisions": revisions}
    )


@require_http_methods(["GET", "POST"])
def suggest(request):
    require(request, "directory.suggest_initiative")
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(
            request, scope="directory-suggest", limit=SUGGESTIONS_PER_HOUR, window_seconds=3600
        ):
            form.add_error(
                None,
                _(
                    "We have received many suggestions from here in a short time. Please try "
                    "again in an hour."
                ),
            )
            return render(request, "directory/suggest.html", {"form": form}, status=429)
        services.suggestion_create(**form.cleaned_data)
        messages.success(
            request, _("Thank you for your suggestion. We will look at it before it is published.")
        )
        return redirect("directory:suggest")
    return render(request, "directory/suggest.html", {"form": form})


@require_http_methods(["GET", "POST"])
def moderation(request):
    require(request, "directory.moderate_suggestions")
    if request.method == "POST":
        suggestion = get_object_or_404(Suggestion, pk=request.POST.get("suggestion"))
        try:
            if request.POST.get("decision") == "accept":
                initiative = services.suggestion_accept(suggestion=suggestion, user=request.user)
                messages.success(request, _("Accepted as a draft: %(name)s") % {"name": initiative})
            else:
                services.suggestion_reject(suggestion=suggestion, user=request.user)
                messages.success(request, _("Rejected: %(name)s") % {"name": suggestion.name})
        except services.DirectoryError as exc:
            messages.error(request, str(exc))
        return redirect("directory:moderation")
    pending = Suggestion.objects.filter(state=Suggestion.State.PENDING).select_related(
        "target_group", "initiative_type"
    )
    return render(request, "directory/moderation.html", {"pending": pending})


def stale(request):
    require(request, "directory.view_stale_initiatives")
    return render(request, "directory/stale.html", {"initiatives": selectors.stale_initiatives()})


def mine(request):
    require(request, "directory.view_my_initiatives")
    return render(
        request, "directory/mine.html", {"initiatives": selectors.initiatives_of(request.user)}
    )


def overview(request):
    require(request, "directory.search_initiatives")
    return render(request, "directory/overview.html", {"overview": selectors.initiative_overview()})


def _may(request, permission, obj=None) -> bool:
    return rules.has_perm(permission, request.user, obj)


def _initiative_or_404(pk) -> Initiative:
    try:
        return selectors.initiative_detail(pk)
    except Initiative.DoesNotExist:
        raise Http404 from None


def _initial(initiative: Initiative) -> dict:
    phone = initiative.phones.first()
    sal = initiative.service_at_locations.first()
    schedule = initiative.schedules.filter(freq="WEEKLY").first()
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
        "weekdays": schedule.byday.split(",") if schedule else [],
        "opens_at": schedule.opens_at if schedule else None,
        "closes_at": schedule.closes_at if schedule else None,
    }
