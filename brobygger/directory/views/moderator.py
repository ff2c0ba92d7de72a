"""Moderators: suggestions, drafts and the search synonyms.

The synonyms are a page of our own rather than Django's admin site: the municipality's
administrator is a member of the administrator group, not ``is_staff`` (the admin site shows
every record), and works in Danish with the same navigation as moderation and the stale list.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.core.access import require
from brobygger.core.forms import CleanTextMixin
from brobygger.directory import search, selectors, services
from brobygger.directory.checklist import checklist
from brobygger.directory.models import Suggestion, Synonym


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


class SynonymForm(CleanTextMixin, forms.Form):
    words = forms.CharField(
        label=gettext_lazy("Words that mean the same"),
        max_length=500,
        help_text=gettext_lazy("Separated by commas, for example: ensom, alene"),
    )


def _save(request, form: forms.Form, synonym: Synonym | None) -> bool:
    if not form.is_valid():
        return False
    try:
        saved = search.synonym_save(words=form.cleaned_data["words"], synonym=synonym)
    except ValidationError as exc:
        for message in exc.message_dict.get("words", exc.messages):
            form.add_error("words", message)
        return False
    messages.success(request, _("Saved: %(words)s") % {"words": saved.words})
    return True


@require_http_methods(["GET", "POST"])
def synonyms(request):
    require(request, "directory.manage_synonyms")
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and _save(request, form, None):
        return redirect("directory:synonyms")
    return render(
        request, "directory/synonyms.html", {"form": form, "synonyms": Synonym.objects.all()}
    )


@require_http_methods(["GET", "POST"])
def synonym_edit(request, pk):
    require(request, "directory.manage_synonyms")
    synonym = get_object_or_404(Synonym, pk=pk)
    form = SynonymForm(request.POST or None, initial={"words": synonym.words})
    if request.method == "POST" and _save(request, form, synonym):
        return redirect("directory:synonyms")
    return render(request, "directory/synonym_edit.html", {"form": form, "synonym": synonym})


@require_POST
def synonym_delete(request, pk):
    require(request, "directory.manage_synonyms")
    synonym = get_object_or_404(Synonym, pk=pk)
    search.synonym_delete(synonym=synonym)
    messages.success(request, _("Deleted: %(words)s") % {"words": synonym.words})
    return redirect("directory:synonyms")
