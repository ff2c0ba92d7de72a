"""Forms for sign-in security and organisation invitations."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from brobygger.accounts.models import Invitation
from brobygger.core.forms import CleanTextMixin


class CodeForm(CleanTextMixin, forms.Form):
    """The six-digit code an authenticator app shows."""

    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        max_length=20,
        error_messages={"invalid": _("Type the six digits your app shows.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class InvitationForm(CleanTextMixin, forms.Form):
    """The administrator's invitation: who (e-mail, optional name) to edit which organisation."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, empty_label=_("Choose an organisation")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the organisations an invitation can name (directory's, through the invitation's key)
        organizations = Invitation._meta.get_field("organisation").related_model
        self.fields["organisation"].queryset = organizations.objects.order_by("name")


class InvitationAcceptForm(CleanTextMixin, SetPasswordForm):
    """A new editor's name and password (Django's password validators, against ``user``, the
    not yet saved user). Only validates: ``invitations.invitation_accept`` saves."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    field_order = ["first_name", "last_name", "new_password1", "new_password2"]


class LinkCodeForm(CleanTextMixin, forms.Form):
    """The code of a one-time link (invitation, welcome), filled in from the part of the link
    after '#' by ``web/code_from_address.js``, or pasted."""

    code = forms.CharField(
        label=_("Your code from the e-mail"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()
