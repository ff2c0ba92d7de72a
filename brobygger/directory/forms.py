"""Forms of the directory. They validate input; saving goes through ``services``."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import CleanTextMixin
from brobygger.directory import validation
from brobygger.directory.display import LANGUAGE_NAMES
from brobygger.directory.models import Initiative, Suggestion, Taxonomy
from brobygger.directory.selection import LIST_MAX
from brobygger.directory.selectors import OPEN_NOW, OPEN_THIS_WEEK, SearchParams, terms

# The languages a filter or a form offers, named in the page's language (one list: display.py)
LANGUAGE_CHOICES = list(LANGUAGE_NAMES.items())
WEEKDAY_CHOICES = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]


class WebURLField(forms.URLField):
    """A web address: http or https only (never javascript:, data:, ftp: …)."""

    default_validators = [validation.validate_web_url]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", validation.URL_MAX_LENGTH)
        super().__init__(**kwargs)


def _term_choices(taxonomy_code: str, blank_label) -> list[tuple[str, str]]:
    return [("", blank_label)] + [(t.code, t.name) for t in terms(taxonomy_code)]


class SearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=200)
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    target_group = forms.ChoiceField(label=_("For"), required=False)
    type = forms.ChoiceField(label=_("Kind of initiative"), required=False)
    special_group = forms.ChoiceField(label=_("Especially for"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language"))] + LANGUAGE_CHOICES
    )
    place = forms.CharField(label=_("Postcode or town"), required=False, max_length=60)
    open = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), (OPEN_NOW, _("Open now")), (OPEN_THIS_WEEK, _("This week"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_group"].choices = _term_choices(Taxonomy.TARGET_GROUP, _("Everyone"))
        self.fields["type"].choices = _term_choices(Taxonomy.INITIATIVE_TYPE, _("Any kind"))
        self.fields["special_group"].choices = _term_choices(Taxonomy.SPECIAL_GROUP, _("Anyone"))

    def params(self) -> SearchParams:
        d = self.cleaned_data
        return SearchParams(
            text=d.get("q") or "",
            age=d.get("age"),
            target_group=d.get("target_group") or "",
            initiative_type=d.get("type") or "",
            special_group=d.get("special_group") or "",
            language=d.get("language") or "",
            place=d.get("place") or "",
            open=d.get("open") or "",
        )


class InitiativeForm(CleanTextMixin, forms.Form):
    """What an organisation editor keeps up to date about one initiative."""

    name = forms.CharField(label=_("Name"), max_length=300)
    description = forms.CharField(
        label=_("What happens there"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One or two plain sentences about what you do together."),
    )
    first_visit = forms.CharField(
        label=_("The first time"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What happens when someone comes for the first time?"),
    )
    may_bring_companion = forms.NullBooleanField(
        label=_("May one bring someone along the first time?"),
        required=False,
        widget=forms.NullBooleanSelect,
    )
    application_process = forms.CharField(
        label=_("How to get started"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    eligibility_description = forms.CharField(
        label=_("Who it is for"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    fees_description = forms.CharField(label=_("Price"), required=False, max_length=300)
    url = WebURLField(label=_("Website"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=validation.PHONE_MAX_LENGTH,
        validators=[validation.validate_phone],
    )
    minimum_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=0)
    maximum_age = forms.IntegerField(label=_("Maximum age"), required=False, min_value=0)
    staffing = forms.ChoiceField(label=_("Run by"), required=False, choices=Initiative.Staffing)
    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status)
    initiative_type = forms.ChoiceField(label=_("Kind of initiative"), required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("For"), required=False, widget=forms.CheckboxSelectMultiple
    )
    special_groups = forms.MultipleChoiceField(
        label=_("Especially for"), required=False, widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    address_1 = forms.CharField(label=_("Address"), required=False, max_length=300)
    postal_code = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=4,
        validators=[validation.validate_postcode],
    )
    city = forms.CharField(label=_("Town"), required=False, max_length=120)
    access = forms.ChoiceField(
        label=_("Without an address: how to get there"),
        required=False,
        choices=Initiative.Access,
        help_text=_("Shown where the address would be, when there is none."),
    )
    service_area = forms.ChoiceField(
        label=_("Who it serves"), required=False, choices=Initiative.ServiceArea
    )
    service_postcodes = forms.CharField(
        label=_("Postcodes served"),
        required=False,
        max_length=600,
        help_text=_("Four-digit postcodes separated by spaces, e.g. 8000 8200."),
    )
    referral_contact = forms.ChoiceField(
        label=_("Who receives referrals from the community broker?"), required=False
    )

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.contacts = {str(user.pk): user for user in contacts}
        self.fields["referral_contact"].choices = [("", _("All of the organisation's editors"))] + [
            (pk, user.get_full_name() or user.get_username()) for pk, user in self.contacts.items()
        ]
        self.fields["initiative_type"].choices = _term_choices(Taxonomy.INITIATIVE_TYPE, "—")
        self.fields["target_groups"].choices = _term_choices(Taxonomy.TARGET_GROUP, "")[1:]
        self.fields["special_groups"].choices = _term_choices(Taxonomy.SPECIAL_GROUP, "")[1:]

    def clean(self):
        d = super().clean()
        lo, hi = d.get("minimum_age"), d.get("maximum_age")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("maximum_age", _("The maximum age must not be below the minimum age."))
        self._clean_service_area(d)
        return d

    def _clean_service_area(self, d) -> None:
        from brobygger.directory import service_areas

        try:
            codes = service_areas.parse_postcodes(d.get("service_postcodes", ""))
        except ValueError as error:
            self.add_error("service_postcodes", str(error))
            return
        if d.get("service_area") == Initiative.ServiceArea.POSTCODES and not codes:
            self.add_error("service_postcodes", _("Give at least one postcode."))
        # Postcodes are kept only for an area of listed postcodes.
        if d.get("service_area") != Initiative.ServiceArea.POSTCODES:
            codes = []
        d["service_postcodes"] = service_areas.postcodes_text(codes)


EVERY_CHOICES = [("1", _("Every week")), ("2", _("Every other week"))]


class ScheduleRowForm(CleanTextMixin, forms.Form):
    """One row of "when we meet": a weekday, from, to, every week or every other week."""

    byday = forms.ChoiceField(
        label=_("Weekday"), required=False, choices=[("", "—")] + WEEKDAY_CHOICES
    )
    opens_at = forms.TimeField(label=_("From"), required=False)
    closes_at = forms.TimeField(label=_("To"), required=False)
    interval = forms.TypedChoiceField(
        label=_("How often"), choices=EVERY_CHOICES, coerce=int, initial="1", required=False
    )

    def clean(self):
        d = super().clean()
        index = (self.prefix or "").rsplit("-", 1)[-1]
        row = _("Row %(n)s") % {"n": int(index) + 1 if index.isdigit() else 1}
        filled = d.get("byday") or d.get("opens_at") or d.get("closes_at")
        if not filled:
            return d
        if not d.get("byday"):
            self.add_error("byday", _("%(row)s: choose a weekday.") % {"row": row})
        if not (d.get("opens_at") and d.get("closes_at")):
            self.add_error("opens_at", _("%(row)s: give both times.") % {"row": row})
        elif d["opens_at"] >= d["closes_at"]:
            self.add_error(
                "closes_at",
                _("%(row)s: the end time must be after the start time.") % {"row": row},
            )
        d["interval"] = d.get("interval") or 1
        return d

    @property
    def row(self) -> dict | None:
        """The cleaned row, or None when left empty (or marked for deletion)."""
        d = getattr(self, "cleaned_data", None) or {}
        if not d.get("byday") or d.get("DELETE"):
            return None
        return {k: d[k] for k in ("byday", "opens_at", "closes_at", "interval")}


ScheduleFormSet = forms.formset_factory(
    ScheduleRowForm, extra=2, max_num=14, validate_max=True, can_delete=True
)


def schedule_initial(schedules) -> list[dict]:
    """The weekly schedules as formset rows (one row per weekday of each schedule)."""
    rows = []
    for s in schedules:
        if s.freq != "WEEKLY":
            continue
        for day in [d for d in s.byday.split(",") if d]:
            rows.append(
                {
                    "byday": day,
                    "opens_at": s.opens_at,
                    "closes_at": s.closes_at,
                    "interval": str(s.interval or 1),
                }
            )
    return rows


class NewInitiativeForm(CleanTextMixin, forms.Form):
    """ "Nyt tilbud": a name and one of the editor's organisations; the rest on the edit page."""

    name = forms.CharField(label=_("Name of the new initiative"), max_length=300)
    organization = forms.ChoiceField(label=_("Organisation"))

    def __init__(self, *args, organizations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {str(o.pk): o for o in organizations}
        self.fields["organization"].choices = [(k, o.name) for k, o in self.organizations.items()]

    def clean_organization(self):
        return self.organizations[self.cleaned_data["organization"]]


class SuggestionForm(CleanTextMixin, forms.ModelForm):
    """The public, anonymous suggestion form: every field has a length cap (from the model)."""

    url = WebURLField(label=_("Website"), required=False)

    class Meta:
        model = Suggestion
        fields = [
            "name",
            "organization_name",
            "description",
            "url",
            "target_group",
            "initiative_type",
            "postal_code",
            "submitter_email",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class UUIDListField(forms.MultipleChoiceField):
    """Initiative ids ticked in a list (any UUIDs; unknown ones are simply not printed)."""

    def valid_value(self, value) -> bool:
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True

    def to_python(self, value):
        return [uuid.UUID(str(v)) for v in super().to_python(value) if self.valid_value(v)]


class PocketGuideForm(CleanTextMixin, forms.Form):
    audience = forms.ChoiceField(label=_("For"))
    postcode = forms.RegexField(
        label=_("Nearest first, from postcode"), regex=r"^\d{4}$", required=False, max_length=4
    )
    language = forms.ChoiceField(
        label=_("Language of the guide"),
        choices=[("da", "Dansk"), ("en", "English"), *settings.CITIZEN_LANGUAGES],
    )
    large_print = forms.BooleanField(label=_("Large print"), required=False)
    include_unconfirmed = forms.BooleanField(
        label=_("Include entries not confirmed within the last year (their cards say so)"),
        required=False,
    )
    initiative = UUIDListField(label=_("Initiatives"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from brobygger.directory.printing import audiences

        self.fields["audience"].choices = audiences()

    def clean(self):
        data = super().clean()
        data["initiative_strings"] = [str(i) for i in data.get("initiative") or []]
        return data


class PersonalListForm(CleanTextMixin, forms.Form):
    initiative = UUIDListField(required=False)
    note = forms.CharField(required=False, max_length=500)
    format = forms.ChoiceField(choices=[("", "html"), ("pdf", "pdf")], required=False)

    def clean_initiative(self):
        return self.cleaned_data["initiative"][:LIST_MAX]


class StaleBulkForm(CleanTextMixin, forms.Form):
    """The stale list's bulk actions: remind the organisations, or confirm on their behalf."""

    initiative = UUIDListField(label=_("Initiatives"))
    action = forms.ChoiceField(choices=[("remind", "remind"), ("confirm", "confirm")])

    def clean_initiative(self):
        ids = self.cleaned_data["initiative"]
        if not ids:
            raise forms.ValidationError(_("Tick at least one initiative."))
        return ids
