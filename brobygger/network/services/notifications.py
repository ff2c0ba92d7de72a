"""E-mails about pop-up visits: a new booking, a confirmation, a cancellation and the reminder
the day before. They name the initiatives, the time and the counts; never a citizen.

They go to staff and volunteers, in Danish (``settings.LANGUAGE_CODE``), from
``templates/network/messages/visit.*.txt`` through ``core.messaging`` (links from SITE_URL)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from brobygger.core import messaging
from brobygger.network.models import VisitBooking

NOTICES = ("booked", "confirmed", "cancelled", "reminder")


def host_emails(initiative) -> set[str]:
    """The contact person, else the organisation's editors."""
    if initiative.referral_contact_id and initiative.referral_contact.email:
        return {initiative.referral_contact.email}
    users = get_user_model().objects.filter(
        organisation_memberships__organization_id=initiative.organization_id
    )
    return {u.email for u in users if u.email}


def visitor_emails(booking: VisitBooking) -> set[str]:
    """The booker, and the visiting initiative's contacts (an arena's staff are many; the
    booker speaks for them)."""
    emails = set()
    if booking.booked_by_id and booking.booked_by.email:
        emails.add(booking.booked_by.email)
    if booking.visitor_initiative_id:
        emails |= host_emails(booking.visitor_initiative)
    return emails


def _send(what: str, booking: VisitBooking, recipients: set[str]) -> int:
    if what not in NOTICES:
        raise ValueError(f"what: unknown notice {what!r}")
    if not recipients:
        return 0
    slot = booking.slot
    context = {
        "what": what,
        "host": slot.initiative.name,
        "visitor": str(booking.visitor),
        "when": timezone.localtime(slot.starts_at).strftime("%d.%m.%Y %H:%M"),
        "visitors": booking.visitors,
        "citizens": booking.citizens,
        "calm_welcome": booking.calm_welcome,
        "link": messaging.site_url(reverse("network:index")),
    }
    message = messaging.render("network/messages/visit", context, language=settings.LANGUAGE_CODE)
    # One e-mail each: nobody sees the other recipients' addresses.
    return sum(messaging.send_email(message, to, quota=False) for to in sorted(recipients))


def notify(what: str, booking: VisitBooking, *, exclude: str = "") -> None:
    """After the transaction commits: tell both sides (minus the person who acted)."""
    if what == "booked":
        recipients = host_emails(booking.slot.initiative)
    elif what == "confirmed":
        recipients = visitor_emails(booking)
    else:
        recipients = host_emails(booking.slot.initiative) | visitor_emails(booking)
    recipients.discard(exclude)
    transaction.on_commit(lambda: _send(what, booking, recipients))


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind both sides of every booking whose visit is tomorrow (local date), once: the
    sent-at stamp makes a second run the same day, or the next, send nothing. Returns the number
    of bookings reminded. Run daily: `brobygger network remind`."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    due = VisitBooking.objects.filter(
        cancelled_at__isnull=True,
        reminded_at__isnull=True,
        slot__cancelled_at__isnull=True,
        slot__is_demo=False,
        slot__starts_at__date=tomorrow,
    ).select_related("slot__initiative", "visitor_initiative", "visitor_arena", "booked_by")
    reminded = 0
    for booking in due:
        # Stamp first, guarded by the NULL check, so two runs at once remind a booking once.
        if VisitBooking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            recipients = host_emails(booking.slot.initiative) | visitor_emails(booking)
            _send("reminder", booking, recipients)
            reminded += 1
    return reminded
