"""Forms of a citizen's own account: asking for one (a name and an address, no password) and
confirming the address with the code from the e-mail while choosing the password."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from brobygger.activities import registration
from brobygger.core.forms import CleanTextMixin


class AccountForm(CleanTextMixin, forms.Form):
    """Who asks for an account. No password: the person who proves the address chooses it."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), max_length=254)


class AccountConfirmForm(CleanTextMixin, SetPasswordForm):
    """The code from the confirmation e-mail (filled in from the link's '#kode=' by
    ``web/code_from_address.js``, or pasted) and the password, checked by Django's validators
    against the code's account. ``unusable`` tells the view the code does not work."""

    code = forms.CharField(
        label=_("Your code from the e-mail"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    field_order = ["code", "new_password1", "new_password2"]

    def __init__(self, data=None):
        super().__init__(None, data)
        self.unusable = False

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()

    def clean(self):
        code = self.cleaned_data.get("code")
        if code:
            self.user = registration.account_user(code)
            if self.user is None:
                self.unusable = True
                self.add_error("code", _("This code does not work."))
                return self.cleaned_data
        return super().clean()
