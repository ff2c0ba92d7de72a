"""The administration's forms (each with ``CleanTextMixin`` first: no control characters)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from brobygger.accounts import roles
from brobygger.core.forms import CleanTextMixin
from brobygger.directory.models import Organization
from brobygger.referrals.models import Arena

GROUP_CHOICES = [(group, roles.ROLE_LABELS[group]) for group in roles.ROLE_GROUPS]


class UserSearchForm(CleanTextMixin, forms.Form):
    q = forms.CharField(label=_("Search users"), max_length=100, required=False)


class UserAddForm(CleanTextMixin, forms.Form):
    """A new user: who they are and their first role (more roles on their own page)."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only. They sign in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The link to choose a password is sent here."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=[(role, roles.ROLE_LABELS[role]) for role in roles.ROLES]
    )
    arena = forms.ModelChoiceField(
        label=_("Arena (for frontline staff)"),
        queryset=Arena.objects.order_by("name"),
        required=False,
        empty_label=_("Choose an arena"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation (for organisation editors)"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("Choose an organisation"),
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        get_user_model().username_validator(username)
        return username

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role == roles.ROLE_STAFF and not data.get("arena"):
            self.add_error("arena", _("Frontline staff belong to an arena: choose it."))
        if role == roles.ROLE_EDITOR and not data.get("organisation"):
            self.add_error("organisation", _("An editor belongs to an organisation: choose it."))
        return data


class UserRolesForm(CleanTextMixin, forms.Form):
    """Every role of a user at once: the role groups, the arenas they are staff of, the
    organisations they edit."""

    groups = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=GROUP_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    arenas = forms.ModelMultipleChoiceField(
        label=_("Frontline staff at"),
        queryset=Arena.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Editor of"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ArenaForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "–"), *Arena.Kind.choices]
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tools_introduced_on = forms.DateField(
        label=_("Conversation guide introduced on"),
        required=False,
        help_text=_(
            "The day the arena began to use the conversation guide. The evaluation compares "
            "referrals before and after it."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MemberForm(CleanTextMixin, forms.Form):
    """A person by user name (staff of an arena, editor of an organisation)."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise forms.ValidationError(
                _("There is no user called %(username)s."), params={"username": username}
            )
        return user


class OrganisationForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)


class InviteForm(CleanTextMixin, forms.Form):
    """Invite a person by e-mail to edit this organisation (``accounts.invitations``)."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
