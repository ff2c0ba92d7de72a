"""Pages of the directory. Each view checks permission on its first line (core.access.require)."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.core import ratelimit
from brobygger.core.access import require
from brobygger.directory import pdf, printing, selection, selectors, services
from brobygger.directory.forms import (
    InitiativeForm,
    PersonalListForm,
    PocketGuideForm,
    ScheduleFormSet,
    SearchForm,
    SuggestionForm,
    schedule_initial,
)
from brobygger.directory.models import Initiative, Suggestion

PAGE_SIZE = 20
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
)
# Anonymous suggestions from one address: enough for an office entering several, not a script.
SUGGESTIONS_PER_HOUR = 5


def search(request):
    require(request, "directory.search_initiatives")
    can_print = _may(request, "directory.print_for_citizens")
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
            "can_print": can_print,
            "on_list": set(selection.ids(request.session)) if can_print else set(),
        },
    )


def _language(request) -> str:
    """The page's language when prints can be made in it (citizen languages too), else da."""
    from brobygger.core.languages import citizen_language_codes

    return request.LANGUAGE_CODE if request.LANGUAGE_CODE in citizen_language_codes() else "da"


def _pdf_response(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(pdf.to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def base_url(request) -> str:
    """The address this page was served from (scheme, host and port): links and QR codes made
    in a request point back to it, not to a configured SITE_URL."""
    return request.build_absolute_uri("/").rstrip("/")


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
                    audience=d["audience"],
                    postcode=d["postcode"],
                    chosen=chosen,
                    include_unconfirmed=d["include_unconfirmed"],
                    base_url=base_url(request),
                )
        except printing.PrintError as error:
            form.add_error(None, str(error))
        else:
            if request.GET.get("format") == "pdf" and selection.entries:
                html = pdf.pocket_guide_html(
                    selection,
                    base_url=base_url(request),
                    language=d["language"],
                    large_print=d["large_print"],
                )
                return _pdf_response(html, f"vejviser-{d['audience']}.pdf")
    return render(request, "directory/pocket_guide.html", {"form": form, "selection": selection})


@require_POST
def personal_list(request):
    """A printable list of the initiatives staff put on the list (kept in the session while
    they search) or ticked, with a note for the citizen. The note is not stored: it lives only
    in this page and its PDF."""
    require(request, "directory.print_for_citizens")
    form = PersonalListForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick at least one initiative for the list."))
        return redirect("directory:search")
    ids = selection.add(request.session, form.cleaned_data["initiative"])
    if not ids:
        messages.error(request, _("Tick at least one initiative for the list."))
        return redirect("directory:search")
    note = form.cleaned_data["note"]
    entries = printing.personal_list_entries(ids, base_url=base_url(request))
    if form.cleaned_data["format"] == "pdf":
        html = pdf.personal_list_html(entries, ids=ids, note=note, language=_language(request))
        return _pdf_response(html, "faellesskaber.pdf")
    return HttpResponse(
        pdf.personal_list_html(
            entries, ids=ids, note=note, language=_language(request), request=request
        )
    )


@require_POST
def list_change(request):
    """Put one initiative on the personal list, take it off, or empty the list; then back to
    the page the person came from (the same search and page)."""
    require(request, "directory.print_for_citizens")
    values = request.POST.getlist("initiative")
    action = request.POST.get("action")
    if action == "add":
        selection.add(request.session, values)
    elif action == "remove":
        selection.remove(request.session, values)
    elif action == "clear":
        selection.clear(request.session)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts=None) or not back.startswith("/"):
        back = reverse("directory:search")
    return redirect(back)


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
                messages.success(
                    request,
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _("Accepted as a draft: %(name)s.") % {"name": initiative},
                        reverse("directory:drafts"),
                        _("See the drafts"),
                    ),
                )
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
    }
