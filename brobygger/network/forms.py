"""Forms of the network pages. They only parse and describe input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import (
    CleanTextMixin,
    invalid_field_labels,
    query_string,
    valid_cleaned_data,
)
from brobygger.network.models import Course, Idea
from brobygger.network.services.visits import MAX_PLACES, NOTE_MAX

NO_NAMES = _("Please write no names and nothing about anyone's health.")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class DateInput(forms.DateInput):
    input_type = "date"


class SlotForm(CleanTextMixin, forms.Form):
    initiative = forms.ChoiceField(label=_("Initiative"))
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput)
    places = forms.IntegerField(
        label=_("Room for how many"), min_value=1, max_value=MAX_PLACES, initial=4
    )
    citizens_welcome = forms.BooleanField(label=_("Citizens may come along"), required=False)
    description = forms.CharField(
        label=_("What the visitors will see"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE_MAX,
        required=False,
    )

    def __init__(self, *args, initiatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].choices = [(str(i.pk), i.name) for i in initiatives]


class BookingForm(CleanTextMixin, forms.Form):
    visitor = forms.ChoiceField(label=_("We come from"))
    visitors = forms.IntegerField(
        label=_("How many of us come"), min_value=1, max_value=MAX_PLACES, initial=1
    )
    citizens = forms.IntegerField(
        label=_("Citizens coming along (a number, no names)"),
        min_value=0,
        max_value=MAX_PLACES,
        initial=0,
        required=False,
    )
    calm_welcome = forms.BooleanField(label=_("Needs a calm welcome"), required=False)

    def __init__(self, *args, sides=None, citizens_welcome=True, **kwargs):
        super().__init__(*args, **kwargs)
        sides = sides or {"initiatives": [], "arenas": []}
        self.fields["visitor"].choices = [
            (f"initiative:{i.pk}", i.name) for i in sides["initiatives"]
        ] + [(f"arena:{a.pk}", a.name) for a in sides["arenas"]]
        if not citizens_welcome:
            del self.fields["citizens"], self.fields["calm_welcome"]


class NoteForm(CleanTextMixin, forms.Form):
    learned = forms.CharField(
        label=_("What we learned"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE_MAX,
        required=False,
        help_text=NO_NAMES,
    )
    could_send = forms.CharField(
        label=_("Who we could send here"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=NOTE_MAX,
        required=False,
        help_text=NO_NAMES,
    )


class CourseForm(CleanTextMixin, forms.ModelForm):
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Course
        fields = [
            "title",
            "organiser",
            "starts_on",
            "ends_on",
            "place",
            "online",
            "price",
            "url",
            "suits",
        ]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "suits": forms.Textarea(attrs={"rows": 3}),
        }


class CourseFilterForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    format = forms.ChoiceField(
        label=_("Where"),
        required=False,
        choices=[("", _("Anywhere")), ("online", _("Online")), ("place", _("In person"))],
    )
    free = forms.BooleanField(label=_("Free only"), required=False)

    def filters(self) -> dict[str, Any]:
        """The filters that make sense, as arguments of ``selectors.courses_upcoming``; one that
        does not (``format=nowhere``, a search with a control character) is left out and the
        others still apply (``not_understood`` names it)."""
        data = valid_cleaned_data(self)
        return {
            "query": data.get("q") or "",
            "online": {"online": True, "place": False}.get(data.get("format") or ""),
            "free_only": bool(data.get("free")),
        }

    def query(self) -> str:
        """The filters that apply as a query string, for the page's calendar link: the feed then
        holds what the page shows and is never sent a value it would refuse."""
        return query_string(valid_cleaned_data(self))

    def not_understood(self) -> list[str]:
        """The labels of the filters left out because their value made no sense."""
        return invalid_field_labels(self)


class IdeaOfferForm(CleanTextMixin, forms.Form):
    message = forms.CharField(
        label=_("How you could help"), max_length=500, required=False, help_text=NO_NAMES
    )


class IdeaStateForm(CleanTextMixin, forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=Idea.State.choices)
    outcome = forms.CharField(
        label=_("What happened, or why"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class CourseModerationForm(CleanTextMixin, forms.Form):
    """The administrator's approve or reject of one course (any other value is refused)."""

    course = forms.UUIDField()
    action = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
