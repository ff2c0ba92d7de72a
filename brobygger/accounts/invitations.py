"""Writes for organisation invitations: an administrator invites a person by e-mail to become
an editor of an organisation; the one-time link (``/konto/invitation/#kode=<token>``: the
token after '#' is never sent to the server, so no access log holds it) opens a page that posts
the code, then lets them set a password (or sign in, when their e-mail already has a user) and
accept.

An account that was asked for with the invited address but never confirmed (a pending
self-registration) is nobody's yet: the invitation does not inherit it. Accepting discards it
and makes the user anew with the password chosen on the invitation's own page.

Only the token's SHA-256 is stored. A link stops working when it is used, withdrawn, sent again
(the new mail has a new link) or ``INVITATION_DAYS`` old.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brobygger.accounts import roles, services
from brobygger.accounts.links import invitation_days, invitation_token, with_code
from brobygger.accounts.models import Invitation
from brobygger.accounts.registration import self_registration_discard
from brobygger.accounts.services import role_grant
from brobygger.core import messaging
from brobygger.core.tokens import token_digest


class InvitationError(ValueError):
    """The invitation cannot be made; ``field`` names the form field."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class InvitationUnusable(LookupError):
    """The link is unknown, used, withdrawn or too old (which one is not told)."""


def _record(by, invitation: Invitation, action: str) -> None:
    """The administration's history: the organisation, and the invitation's number (its
    address stays on the invitation's own row)."""
    services.change_record(
        by=by,
        action=action,
        subject_kind="organisation",
        subject=invitation.organisation.name,
        subject_id=invitation.organisation_id,
        detail={"invitation": invitation.pk},
    )


def _send(invitation: Invitation, *, token: str, base_url: str | None) -> bool:
    """E-mail the invitation (in Danish, the staff's language); False when it was not sent
    (logged by ``core.messaging``; the administrator can send it again)."""
    path = with_code(reverse("accounts:invitation_open"), token)
    context = {
        "invitation": invitation,
        "link": base_url.rstrip("/") + path if base_url else messaging.site_url(path),
        "days": invitation_days(),
        "invited_by": invitation.invited_by,
    }
    message = messaging.render(
        "accounts/messages/invitation", context, language=settings.LANGUAGE_CODE
    )
    return messaging.send_email(message, invitation.email, quota=False)


def invitation_create(
    *, email: str, organisation, invited_by, name: str = "", base_url: str | None = None
) -> Invitation:
    """Invite ``email`` to edit ``organisation`` and e-mail the link (on ``SITE_URL``, or on
    ``base_url`` when given)."""
    email = email.strip()
    if Invitation.objects.filter(
        email__iexact=email,
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists():
        message = _("%(email)s already has an invitation to %(organisation)s; send it again below.")
        raise InvitationError("email", message % {"email": email, "organisation": organisation})
    if organisation.memberships.filter(user__email__iexact=email).exists():
        message = _("%(email)s is already an editor of %(organisation)s.")
        raise InvitationError("email", message % {"email": email, "organisation": organisation})
    token, digest = invitation_token()
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email,
            name=name.strip(),
            organisation=organisation,
            invited_by=invited_by,
            digest=digest,
        )
        _record(invited_by, invitation, "invitation.add")
    _send(invitation, token=token, base_url=base_url)
    return invitation


def invitation_resend(
    *, invitation: Invitation, base_url: str | None = None, by=None
) -> Invitation:
    """Send a pending (or expired) invitation again with a new link and a new expiry; the old
    link stops working."""
    if invitation.accepted_at or invitation.revoked_at:
        raise InvitationUnusable(invitation.pk)
    token, digest = invitation_token()
    now = timezone.now()
    invitation.digest = digest
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=invitation_days())
    invitation.save(update_fields=["digest", "sent_at", "expires_at"])
    _record(by, invitation, "invitation.resend")
    _send(invitation, token=token, base_url=base_url)
    return invitation


def invitation_revoke(*, invitation: Invitation, by) -> bool:
    """Withdraw a pending invitation: its link stops working. False if it was not pending."""
    with transaction.atomic():
        revoked = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now(), revoked_by=by)
        if revoked:
            _record(by, invitation, "invitation.revoke")
    return bool(revoked)


def invitation_for_token(token: str) -> Invitation:
    """The pending invitation of a link's token; InvitationUnusable otherwise."""
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(digest=token_digest(token or ""))
        .first()
    )
    if invitation is None or not invitation.is_pending():
        raise InvitationUnusable()
    return invitation


def _new_username(email: str) -> str:
    user_model = get_user_model()
    base = email.lower()[:140]
    candidate, n = base, 1
    while user_model.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def invitation_accept(
    *, token: str, user=None, password: str | None = None, first_name: str = "", last_name: str = ""
):
    """Accept an invitation: as ``user`` (signed in, with the invited e-mail), or as a new user
    with ``password`` (validated by the caller's form; an unconfirmed account of the address is
    discarded first, never taken over). The user becomes an editor of the
    organisation and the invitation is marked used, once. Returns the user."""
    with transaction.atomic():
        invitation = invitation_for_token(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_pending():  # accepted by a parallel request meanwhile
            raise InvitationUnusable()
        if user is None:
            if password is None:
                raise ValueError("password: a new user needs one")
            self_registration_discard(email=invitation.email)
            user = get_user_model()(
                username=_new_username(invitation.email),
                email=invitation.email,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
            )
            user.set_password(password)
            user.save()
        elif user.email.lower() != invitation.email.lower():
            raise InvitationUnusable()
        role_grant(user=user, role=roles.ROLE_EDITOR, target=invitation.organisation)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        _record(user, invitation, "invitation.accept")
    return user
