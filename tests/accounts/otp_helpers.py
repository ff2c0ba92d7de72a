"""Second-factor helpers for the test suite only (never imported by the application).

They do what a person with an authenticator app does, through django-otp's own pieces: a
confirmed TOTP device for the user, and a session marked as verified by that device (what
``django_otp.login`` stores after a right code). Production has no switch that skips the second
factor; tests that sign in brokers or administrators pass it the way a person would.

- ``VerifiedClient``: a Django test client whose ``force_login`` also passes the second factor
  for users who need one (``brobygger.accounts.policy.needs_second_factor``).
- ``mark_verified(client, user)``: the same for an existing client after ``force_login``.
- ``browser_pass_second_factor(page, username)``: for the browser's ``log_in``, after the
  password step: types the current code into the verify (or set-up) page.
- ``confirmed_totp_device(user)`` and ``totp_code(device)``: the pieces, for tests.
"""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

SECOND_FACTOR_PATH = "/konto/to-trin/"


def confirmed_totp_device(user) -> TOTPDevice:
    """The user's confirmed TOTP device, created (as if set up) when there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return device


def totp_code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now (django-otp's TOTP over the device key).

    A code is accepted once: when this time step's code was used already, the next step's
    (which the device's tolerance of one step accepts) is returned instead.
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:
        totp.time = time.time() + device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def mark_verified(client: Client, user) -> TOTPDevice:
    """Mark the client's (already signed-in) session as verified by the user's device."""
    device = confirmed_totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


class VerifiedClient(Client):
    """A test client whose ``force_login`` also passes the second factor when it is needed."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        from brobygger.accounts.policy import needs_second_factor

        if needs_second_factor(user):
            mark_verified(self, user)


def browser_pass_second_factor(page, username: str) -> None:
    """After the password step in the browser: if the site asks for the second factor, do what
    the person would: type the code their app shows, or, on the set-up page, add the shown key
    to the app and type its first code."""
    if SECOND_FACTOR_PATH not in page.url:
        return
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:  # the set-up page made an unconfirmed device and shows its key
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    page.locator("#second-factor input[name=code]").fill(totp_code(device))
    with page.expect_navigation():
        page.locator("#second-factor button[type=submit]").click()
    assert SECOND_FACTOR_PATH not in page.url, f"the second factor refused {username}: {page.url}"
