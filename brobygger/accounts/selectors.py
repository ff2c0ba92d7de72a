"""Reads for sign-in security: second-factor devices and API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts.models import ApiToken


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_confirmed_device(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def unconfirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def second_factor_must_wait(user) -> bool:
    """True while too many wrong codes make django-otp refuse to check another one."""
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    return any(not device.verify_is_allowed()[0] for device in devices)


def tokens_of(user) -> QuerySet[ApiToken]:
    """A user's own API tokens, newest first (revoked and expired ones too)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")
