"""Users. Roles come from memberships and groups (see ``roles.py``), not from a field here."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: citizen, staff, broker, organisation editor, analyst or admin."""

    class Meta:
        db_table = "accounts_user"


def token_expiry():
    """When a new token stops working: ``settings.API_TOKEN_DAYS`` from now."""
    return timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for the JSON API (machines, integrations, load tests). Only its SHA-256
    is stored; the token itself is shown once, when created. It works until it expires or is
    revoked, whichever comes first."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(default=token_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


def invitation_expiry():
    """When a new invitation stops working: ``settings.INVITATION_DAYS`` (14) from now."""
    return timezone.now() + timedelta(days=getattr(settings, "INVITATION_DAYS", 14))


class Invitation(models.Model):
    """An administrator's invitation of a person (by e-mail) to become an editor of an
    organisation. Only the SHA-256 of the one-time link's token is stored. The row is also the
    record of who invited whom, when, and who accepted or withdrew it."""

    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def is_pending(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now

    @property
    def state(self) -> str:
        """pending · accepted · revoked · expired"""
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        return "pending" if self.is_pending() else "expired"


class SelfRegistration(models.Model):
    """A citizen made this account themselves (to host activities) and must prove the address.

    Until then the user is inactive with no usable password: whoever asks for an account names
    an address, not a password. The person who opens the confirmation link from that address
    sets the password, and only then the account becomes active (``confirmed_at``)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="self_registration")
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("self-registration")
        verbose_name_plural = _("self-registrations")

    def __str__(self) -> str:
        return f"{self.user} ({'confirmed' if self.confirmed_at else 'pending'})"


class AdminChange(models.Model):
    """One change made in the administration (users, roles, arenas, organisations, invitations):
    who made it, when, and what. ``subject`` keeps the name the thing had then, so the row reads
    the same after it is renamed or deleted; ``detail`` holds the changed fields (before and
    after) and never a password, code or link."""

    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    by_name = models.CharField(max_length=150, blank=True)  # the username, kept if they go
    action = models.CharField(max_length=40)  # "user.add", "arena.change", ...
    subject_kind = models.CharField(max_length=20)  # user · arena · organisation · invitation
    subject_id = models.CharField(max_length=64, blank=True)
    subject = models.CharField(max_length=300)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("administration change")
        verbose_name_plural = _("administration changes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.by_name} {self.action} {self.subject}"
