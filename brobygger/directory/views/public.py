"""Searching and reading the directory, the overview, printing for citizens, and suggesting an
initiative.

Each view checks permission on its first line (``core.access.require``).
"""

from __future__ import annotations

import rules
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.core import ratelimit
from brobygger.core.access import require
from brobygger.directory import pdf, printing, selection, selectors, services
from brobygger.directory.forms import (
    PersonalListForm,
    PocketGuideForm,
    SearchForm,
    SuggestionForm,
)
from brobygger.directory.views.shared import _initiative_or_404

PAGE_SIZE = 20


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


def overview(request):
    require(request, "directory.search_initiatives")
    return render(request, "directory/overview.html", {"overview": selectors.initiative_overview()})


def _may(request, permission, obj=None) -> bool:
    return rules.has_perm(permission, request.user, obj)
