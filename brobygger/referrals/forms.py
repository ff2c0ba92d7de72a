"""Forms of the collaboration model. They validate input; saving goes through ``services``.
Every form refuses control characters in its text (``CleanTextMixin``, first in the bases or
inherited from a form that has it)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from brobygger.core.forms import CleanTextMixin
from brobygger.directory.forms import LANGUAGE_CHOICES
from brobygger.directory.models import Taxonomy, TaxonomyTerm
from brobygger.referrals.models import AgeBand, Case, Consent, ContactLogEntry, OutcomeMeasurement

# The longest free text a form takes (the API's limit too).
TEXT_MAX = 2000

TILS_CHOICES = [
    ("", _("Not asked")),
    ("1", _("Hardly ever")),
    ("2", _("Some of the time")),
    ("3", _("Often")),
]
TILS_QUESTIONS = (
    _("How often do you feel that you lack companionship?"),
    _("How often do you feel left out?"),
    _("How often do you feel isolated from others?"),
)


class TilsFields(CleanTextMixin, forms.Form):
    """The three questions, each optional; either all three or none."""

    item1 = forms.TypedChoiceField(
        label=TILS_QUESTIONS[0], choices=TILS_CHOICES, coerce=int, required=False, empty_value=None
    )
    item2 = forms.TypedChoiceField(
        label=TILS_QUESTIONS[1], choices=TILS_CHOICES, coerce=int, required=False, empty_value=None
    )
    item3 = forms.TypedChoiceField(
        label=TILS_QUESTIONS[2], choices=TILS_CHOICES, coerce=int, required=False, empty_value=None
    )

    def items(self) -> tuple[int, int, int] | None:
        values = [self.cleaned_data.get(f"item{i}") for i in (1, 2, 3)]
        return None if any(v is None for v in values) else (values[0], values[1], values[2])

    def clean(self):
        data = super().clean()
        answered = [data.get(f"item{i}") is not None for i in (1, 2, 3)]
        if any(answered) and not all(answered):
            raise forms.ValidationError(_("Answer all three questions, or none of them."))
        return data


class CitizenFields(CleanTextMixin, forms.Form):
    # Chosen when the form is shown: sending the same form twice (a reload) stores one case.
    client_reference = forms.UUIDField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    reach_when = forms.CharField(
        label=_("How and when is it best to get in touch?"), max_length=300, required=False
    )
    language = forms.ChoiceField(
        label=_("Preferred language"), choices=LANGUAGE_CHOICES, initial="da"
    )
    age_band = forms.ChoiceField(label=_("Age group"), choices=[("", "—")] + AgeBand.choices)
    postcode = forms.RegexField(label=_("Postcode"), regex=r"^\d{4}$", required=False, max_length=4)
    interests = forms.CharField(
        label=_("Interests, what they like to do"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        required=False,
    )
    first_step = forms.CharField(
        label=_("What could make the first step hard?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        required=False,
    )
    wants_company = forms.BooleanField(
        label=_("Would like someone to come along the first time"), required=False
    )
    special_group = forms.ModelChoiceField(
        label=_("Especially for"),
        queryset=TaxonomyTerm.objects.filter(taxonomy__code=Taxonomy.SPECIAL_GROUP),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")):
            self.add_error("phone", _("Give a phone number or an e-mail address."))
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_reference", uuid.uuid4())

    def citizen_fields(self) -> dict:
        from brobygger.referrals.services.submission import CITIZEN_FIELDS

        return {f: self.cleaned_data[f] for f in CITIZEN_FIELDS if f in self.cleaned_data}


class ReferralForm(CitizenFields, TilsFields):
    """Staff refer a citizen to the community broker. Consent first, then the least data."""

    arena = forms.ModelChoiceField(label=_("Your arena"), queryset=None, empty_label=None)
    consent = forms.BooleanField(
        label=_("The citizen agrees that the community broker contacts them about communities"),
    )
    consent_given_by = forms.ChoiceField(
        label=_("Consent given by"), choices=Consent.GivenBy.choices
    )
    consent_method = forms.ChoiceField(
        label=_("How was consent given?"),
        choices=[(Consent.Method.ORAL, _("Orally")), (Consent.Method.WRITTEN, _("In writing"))],
    )
    consent_valid_until = forms.DateField(
        label=_("Consent valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for the standard period."),
    )
    outcome_consent = forms.BooleanField(
        label=_("The citizen agrees to answer the three questions now and again after 3 months"),
        required=False,
    )

    field_order = [
        "arena",
        "consent",
        "consent_given_by",
        "consent_method",
        "consent_valid_until",
        *CitizenFields.base_fields,
        "outcome_consent",
        "item1",
        "item2",
        "item3",
    ]

    def __init__(self, *args, arenas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arena"].queryset = arenas

    def clean(self):
        data = super().clean()
        valid_until = data.get("consent_valid_until")
        if valid_until and valid_until < timezone.localdate():
            self.add_error("consent_valid_until", _("The date has passed."))
        if self.items() is not None and not data.get("outcome_consent"):
            self.add_error("outcome_consent", _("The three questions need the citizen's consent."))
        return data


class WithdrawalForm(CleanTextMixin, forms.Form):
    """The code from the receipt, posted (never in the address, which servers log)."""

    code = forms.CharField(label=_("Your code from the receipt"), max_length=64)


class SelfReferralForm(CleanTextMixin, forms.Form):
    """The citizen's own 'contact me' form. It speaks to the reader and asks only what the
    broker needs to get in touch: no age group, no list of situations or groups to pick from
    (we never ask a person to label themselves); what they want us to know is free text."""

    client_reference = forms.UUIDField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(label=_("Your phone number"), max_length=40, required=False)
    email = forms.EmailField(label=_("Your e-mail"), max_length=254, required=False)
    reach_when = forms.CharField(
        label=_("When is it best to reach you?"), max_length=300, required=False
    )
    language = forms.ChoiceField(
        label=_("Which language would you like to talk in?"), choices=LANGUAGE_CHOICES, initial="da"
    )
    message = forms.CharField(
        label=_("Is there anything we should know?"),
        help_text=_("You decide what you tell us. You can leave this empty."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the community broker contacts me and keeps these details while we "
            "find a community together. I can withdraw this at any time."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_reference", uuid.uuid4())
            # the language the citizen reads the page in is the first guess for the talk
            page_language = get_language() or "da"
            if page_language in dict(self.fields["language"].choices):
                self.initial.setdefault("language", page_language)

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")):
            self.add_error("phone", _("Give us a phone number or an e-mail address."))
        return data

    def citizen_fields(self) -> dict:
        return {
            f: self.cleaned_data[f]
            for f in ("name", "phone", "email", "reach_when", "language", "message")
        }


class StateForm(CleanTextMixin, forms.Form):
    state = forms.ChoiceField(
        label=_("New state"),
        choices=[
            (Case.State.CONTACTED, _("Contacted")),
            (Case.State.IN_DIALOGUE, _("In dialogue")),
            (Case.State.CLOSED, _("Closed")),
        ],
    )
    closed_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", "—")] + Case.ClosedReason.choices,
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("state") == Case.State.CLOSED and not data.get("closed_reason"):
            self.add_error("closed_reason", _("Say why the case is closed."))
        return data


class ContactForm(CleanTextMixin, forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=ContactLogEntry.Channel.choices)
    reached = forms.BooleanField(label=_("Reached the citizen"), required=False, initial=True)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        required=False,
    )


class InitiativeReferralForm(CleanTextMixin, forms.Form):
    initiative = forms.UUIDField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message to the contact person"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_MAX,
        required=False,
    )
    # Ticked by the broker when the initiative has nobody who receives referrals.
    without_contact = forms.BooleanField(required=False)


class AssignForm(CleanTextMixin, forms.Form):
    assigned_to = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, **kwargs):
        from brobygger.referrals.selectors import brokers

        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = brokers()
        self.fields["assigned_to"].label_from_instance = lambda u: (
            u.get_full_name() or u.get_username()
        )


class ReceiptSendForm(CleanTextMixin, forms.Form):
    """Send the receipt to the citizen once: the address or number is used for this message
    and not stored."""

    channel = forms.ChoiceField(
        label=_("Send the receipt by"),
        choices=[("email", _("E-mail")), ("sms", _("Text message"))],
        widget=forms.RadioSelect,
    )
    to = forms.CharField(label=_("E-mail address or phone number"), max_length=254)

    def clean(self):
        data = super().clean()
        to = (data.get("to") or "").strip()
        if data.get("channel") == "email":
            try:
                forms.EmailField().clean(to)
            except forms.ValidationError:
                self.add_error("to", _("Enter a valid e-mail address."))
        elif data.get("channel") == "sms":
            from brobygger.core.sms import SmsError, normalise_number

            try:
                normalise_number(to)
            except SmsError:
                self.add_error("to", _("Enter a valid phone number."))
        data["to"] = to
        return data


class OutcomeForm(TilsFields):
    moment = forms.ChoiceField(label=_("When"), choices=OutcomeMeasurement.Moment.choices)

    def clean(self):
        data = super().clean()
        if self.items() is None:
            raise forms.ValidationError(_("Answer all three questions."))
        return data
