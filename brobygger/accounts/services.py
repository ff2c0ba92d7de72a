"""Writes for sign-in security: setting up and passing the second factor (TOTP)."""

from __future__ import annotations

import django_otp
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from brobygger.accounts import selectors


def totp_setup_start(*, user) -> TOTPDevice:
    """The unconfirmed device whose secret the set-up page shows (made once, then reused)."""
    device = selectors.unconfirmed_device(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def totp_setup_confirm(*, request, code: str) -> bool:
    """Confirm the pending device with a code from the app; it then replaces any older device
    and the session counts as verified. False when the code is not right."""
    user = request.user
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None or not device.verify_token(code):
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    request.session.cycle_key()
    django_otp.login(request, device)
    return True


def second_factor_verify(*, request, code: str) -> bool:
    """Check a code against the user's confirmed devices; on success the session is verified."""
    user = request.user
    for device in TOTPDevice.objects.devices_for_user(user, confirmed=True):
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            request.session.cycle_key()
            django_otp.login(request, verified)
            return True
    return False


def second_factor_reset(*, user) -> int:
    """Remove every device of a user (a lost phone); they set up a new one at next sign-in."""
    deleted, _detail = TOTPDevice.objects.filter(user=user).delete()
    return deleted
