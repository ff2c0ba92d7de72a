"""Forms of the activity platform. They validate input; saving goes through the services.

Every form refuses control characters in its text fields (``CleanTextMixin``: one line, except
where the widget is a textarea), and every id posted to a management page is read through a form,
so a malformed one is a client error, never a server error."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobygger.activities.models import MAX_CAPACITY, Activity, VolunteerAvailability
from brobygger.activities.selectors import ActivityFilters
from brobygger.activities.services import ActivityInput
from brobygger.core import sms
from brobygger.core.forms import (
    CleanTextMixin,
    invalid_field_labels,
    query_string,
    valid_cleaned_data,
)
from brobygger.directory import validation
from brobygger.directory.forms import LANGUAGE_CHOICES, WebURLField
from brobygger.directory.models import Taxonomy
from brobygger.directory.selectors import terms

ACCESSIBILITY_CHOICES = [
    ("step_free", _("Step-free access")),
    ("hearing_loop", _("Hearing loop")),
    ("accessible_toilet", _("Accessible toilet")),
    ("quiet_room", _("A quiet room to step aside")),
]
NOT_TEXTABLE_MESSAGE = _(
    "We cannot send text messages to this number. Give a Danish mobile number (8 digits), or an "
    "e-mail address instead."
)
WHEN_CHOICES = [("", _("Any time")), ("today", _("Today")), ("week", _("This week"))]


def _term_choices(code: str, blank) -> list[tuple[str, str]]:
    return [("", blank)] + [(t.code, t.name) for t in terms(code)]


class FilterForm(CleanTextMixin, forms.Form):
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    type = forms.ChoiceField(label=_("Kind"), required=False)
    target_group = forms.ChoiceField(label=_("For"), required=False)
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language"))] + LANGUAGE_CHOICES
    )
    postcode = forms.CharField(
        label=_("Postcode"), required=False, max_length=4,
        validators=[validation.validate_postcode],
    )  # fmt: skip
    when = forms.ChoiceField(label=_("When"), required=False, choices=WHEN_CHOICES)
    free = forms.BooleanField(label=_("Free only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = _term_choices(Taxonomy.INITIATIVE_TYPE, _("Any kind"))
        self.fields["target_group"].choices = _term_choices(Taxonomy.TARGET_GROUP, _("Everyone"))

    def filters(self, **extra) -> ActivityFilters:
        """The filters that make sense; one that does not (``type=unknown``, ``postcode=80x0``)
        is left out and the others still apply (``not_understood`` names it)."""
        data = valid_cleaned_data(self)
        return ActivityFilters(
            age=data.get("age"),
            activity_type=data.get("type") or "",
            target_group=data.get("target_group") or "",
            language=data.get("language") or "",
            postcode=data.get("postcode") or "",
            when=data.get("when") or "",
            free=bool(data.get("free")),
            **extra,
        )

    def query(self) -> str:
        """The filters that apply as a query string: a link onward (the calendar feed, the
        week's print, the other views) shows what this page shows and never carries a value
        the feed would refuse."""
        return query_string(valid_cleaned_data(self))

    def not_understood(self) -> list[str]:
        """The labels of the filters left out because their value made no sense."""
        return invalid_field_labels(self)


class SignUpForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30, validators=[validation.validate_phone]
    )
    wants_company = forms.BooleanField(
        label=_("I would like someone to go with me the first time"), required=False
    )
    client_reference = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def clean_phone(self):
        phone = self.cleaned_data.get("phone") or ""
        if phone:
            try:
                sms.textable(phone)
            except sms.SmsError:
                raise forms.ValidationError(NOT_TEXTABLE_MESSAGE, code="not_textable") from None
        return phone

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(
                _("Give an e-mail address or a phone number, so we can tell you about changes.")
            )
        return data


class CancelForm(CleanTextMixin, forms.Form):
    code = forms.CharField(label=_("Your code from the message"), max_length=64)


class ActivityForm(CleanTextMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What happens"), widget=forms.Textarea, max_length=4000)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    repeat = forms.TypedChoiceField(
        label=_("Repeats"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Only once")), (1, _("Every week")), (2, _("Every other week"))],
    )
    repeat_until = forms.DateField(
        label=_("Repeat until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    place_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postcode = forms.CharField(
        label=_("Postcode"), max_length=4, required=False,
        validators=[validation.validate_postcode],
    )  # fmt: skip
    online_url = WebURLField(label=_("Or a link, if it is online"), required=False)
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_("Empty: no limit."),
    )
    price_dkk = forms.DecimalField(
        label=_("Price (kr.)"), required=False, min_value=0, max_digits=7, decimal_places=2,
        help_text=_("Empty: free."),
    )  # fmt: skip
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), required=False, choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"), required=False, choices=ACCESSIBILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    minimum_age = forms.IntegerField(label=_("From age"), required=False, min_value=0)
    maximum_age = forms.IntegerField(label=_("To age"), required=False, min_value=0)
    welcome = forms.CharField(
        label=_("Welcome: how are newcomers met?"), widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000, required=False,
    )  # fmt: skip
    hosting = forms.CharField(
        label=_("Hosting: who makes sure everyone is included?"),
        widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False,
    )  # fmt: skip
    meet_again = forms.CharField(
        label=_("Meeting again: how do people meet again?"),
        widget=forms.Textarea(attrs={"rows": 2}), max_length=1000, required=False,
    )  # fmt: skip
    may_bring_someone = forms.BooleanField(
        label=_("You may bring someone"), required=False, initial=True
    )
    organization = forms.ChoiceField(label=_("On behalf of"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        memberships = user.organisation_memberships.select_related("organization") if user else []
        choices = [("", _("Myself"))] + [
            (str(m.organization_id), m.organization.name) for m in memberships
        ]
        self.fields["organization"].choices = choices
        if len(choices) == 1:
            self.fields["organization"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The end must be after the start."))
        if not data.get("address") and not data.get("online_url"):
            self.add_error("address", _("Give an address, or a link if it is online."))
        return data

    def to_input(self) -> ActivityInput:
        data = self.cleaned_data

        def at(time: dt.time) -> dt.datetime:
            return timezone.make_aware(dt.datetime.combine(data["date"], time))

        return ActivityInput(
            title=data["title"],
            description=data["description"],
            starts_at=at(data["starts"]),
            ends_at=at(data["ends"]),
            place_name=data["place_name"],
            address=data["address"],
            postcode=data["postcode"],
            online_url=data["online_url"],
            capacity=data["capacity"],
            price_dkk=data["price_dkk"],
            languages=data["languages"],
            accessibility=data["accessibility"],
            minimum_age=data["minimum_age"],
            maximum_age=data["maximum_age"],
            welcome=data["welcome"],
            hosting=data["hosting"],
            meet_again=data["meet_again"],
            may_bring_someone=data["may_bring_someone"],
            organization_id=data.get("organization") or None,
            every_weeks=data.get("repeat"),
            repeat_until=data.get("repeat_until"),
        )


class RefuseForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why (the host sees this)"), widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )  # fmt: skip


class ModerationForm(CleanTextMixin, forms.Form):
    """Approve or refuse one activity waiting for approval (the reason: for a refusal)."""

    activity = forms.UUIDField()
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("refuse", "refuse")])
    reason = forms.CharField(widget=forms.Textarea, max_length=1000, required=False)


class IdForm(CleanTextMixin, forms.Form):
    """One posted id (``name``: the field's name), e.g. the sign-up to pair, the slot to remove."""

    def __init__(self, *args, name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[name] = forms.UUIDField()


class AvailabilityForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = VolunteerAvailability
        fields = ["weekday", "from_time", "to_time", "note"]
        widgets = {
            "from_time": forms.TimeInput(attrs={"type": "time"}),
            "to_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("from_time") and data.get("to_time") and data["to_time"] <= data["from_time"]:
            self.add_error("to_time", _("The end must be after the start."))
        return data


class PairForm(CleanTextMixin, forms.Form):
    volunteer = forms.ChoiceField(label=_("Volunteer"), required=False)

    def __init__(self, *args, volunteers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].choices = [("", _("Nobody yet"))] + [
            (str(v.pk), v.get_full_name() or v.username) for v in volunteers
        ]


ACTIVITY_STATES = Activity.State
