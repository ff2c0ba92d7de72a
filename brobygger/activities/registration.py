"""A citizen makes their own account to host activities, verified by a one-time e-mail link.

The account is inactive until the link is opened. The link is Django's password-reset token
(it covers the last login, so it works once: opening it signs the person in). Asking again for
an address that already has an account sends that address a note instead, so the page never
tells anyone which addresses have accounts.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _


def account_request(*, name: str, email: str, password: str, base_url: str) -> None:
    """Create an inactive account and e-mail its verification link (or a note, if taken)."""
    users = get_user_model()
    email = users.objects.normalize_email(email).lower()
    existing = (
        users.objects.filter(email__iexact=email).first()
        or users.objects.filter(username__iexact=email).first()
    )
    if existing is not None:
        send_mail(
            _("You already have an account"),
            _("Someone (hopefully you) asked for an account with this address. You already "
              "have one: sign in, or ask for a new password on the sign-in page:\n%(url)s")
            % {"url": base_url.rstrip("/") + reverse("login")},
            None,
            [email],
        )  # fmt: skip
        return
    first, _sep, last = name.strip().partition(" ")
    user = users(username=email, email=email, first_name=first[:150], last_name=last[:150])
    user.set_password(password)
    user.is_active = False
    user.save()
    link = base_url.rstrip("/") + reverse(
        "activities:account_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    send_mail(
        _("Confirm your e-mail address"),
        _("Open this link to confirm your address and start hosting activities. It works "
          "once.\n%(link)s") % {"link": link},
        None,
        [email],
    )  # fmt: skip


def account_confirm(*, uidb64: str, token: str):
    """The user whose link this is (now active), or None for an unknown or used link."""
    users = get_user_model()
    try:
        user = users.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (users.DoesNotExist, ValueError, TypeError, OverflowError):
        return None
    if not default_token_generator.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
