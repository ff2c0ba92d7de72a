"""Netværket: pop-up visits between initiatives, courses for volunteers and the idea catalogue.

No citizen is named anywhere here: a booking says how many citizens come along and whether
they need a calm welcome, nothing more. Notes are free text; the form asks for no names.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobygger.core.demo import demo_managers


class Volunteering(models.Model):
    """A volunteer helps at an initiative, and may book visits on its behalf."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteering"
    )
    initiative = models.ForeignKey(
        "directory.Initiative", on_delete=models.CASCADE, related_name="volunteers"
    )

    class Meta:
        verbose_name = _("volunteering")
        verbose_name_plural = _("volunteering")
        constraints = [
            models.UniqueConstraint(fields=["user", "initiative"], name="unique_volunteering")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.initiative}"


class VisitSlot(models.Model):
    """A time an initiative offers for a pop-up visit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    initiative = models.ForeignKey(
        "directory.Initiative", on_delete=models.CASCADE, related_name="visit_slots"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    places = models.PositiveSmallIntegerField(_("room for how many"))
    citizens_welcome = models.BooleanField(_("citizens may come along"), default=False)
    description = models.TextField(_("what the visitors will see"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(default=False, editable=False)

    objects, with_demo, all_rows = demo_managers()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("visit slot")
        verbose_name_plural = _("visit slots")
        constraints = [
            models.CheckConstraint(condition=Q(places__gte=1), name="visit_slot_has_room"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="visit_slot_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} {self.starts_at:%Y-%m-%d %H:%M}"


class VisitBooking(models.Model):
    """Visitors from an initiative or an arena booked onto a slot."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slot = models.ForeignKey(VisitSlot, on_delete=models.CASCADE, related_name="bookings")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    visitor_initiative = models.ForeignKey(
        "directory.Initiative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="visits_made",
        verbose_name=_("visitors from the initiative"),
    )
    visitor_arena = models.ForeignKey(
        "referrals.Arena",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="visits_made",
        verbose_name=_("visitors from the arena"),
    )
    visitors = models.PositiveSmallIntegerField(_("visitors"))
    citizens = models.PositiveSmallIntegerField(_("citizens coming along"), default=0)
    calm_welcome = models.BooleanField(_("needs a calm welcome"), default=False)
    client_reference = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("visit booking")
        verbose_name_plural = _("visit bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(visitor_initiative__isnull=True) ^ Q(visitor_arena__isnull=True),
                name="visit_booking_one_visitor_side",
            ),
            models.CheckConstraint(condition=Q(visitors__gte=1), name="visit_booking_visitors"),
            models.UniqueConstraint(
                fields=["booked_by", "client_reference"],
                condition=Q(client_reference__isnull=False),
                name="one_visit_booking_per_client_reference",
            ),
        ]

    @property
    def places_taken(self) -> int:
        return self.visitors + self.citizens

    @property
    def visitor(self):
        return self.visitor_initiative or self.visitor_arena

    @property
    def has_happened(self) -> bool:
        return self.cancelled_at is None and self.slot.starts_at <= timezone.now()


class VisitNote(models.Model):
    """A visitor's short note after the visit, seen by the two sides."""

    booking = models.ForeignKey(VisitBooking, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    learned = models.TextField(_("what we learned"), blank=True)
    could_send = models.TextField(_("who we could send here"), blank=True)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at"]
        constraints = [
            models.UniqueConstraint(fields=["booking", "author"], name="one_visit_note_per_author")
        ]


class Course(models.Model):
    """A course for volunteers, from any organisation; public once the administrator approves."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    organization = models.ForeignKey(
        "directory.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="courses",
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    price = models.CharField(_("price"), max_length=100, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    suits = models.TextField(_("whom it suits"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    is_demo = models.BooleanField(default=False, editable=False)

    objects, with_demo, all_rows = demo_managers()

    class Meta:
        ordering = ["starts_on", "title"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self) -> str:
        return self.title


class Idea(models.Model):
    """An idea from the workshops, taken further (or not) by someone."""

    class State(models.TextChoices):
        IDEA = "idea", _("Idea")
        TAKEN = "taken", _("Someone is taking it")
        TRYING = "trying", _("Being tried")
        TRIED = "tried", _("Tried")
        SET_ASIDE = "set_aside", _("Set aside")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    proposed_by_organization = models.ForeignKey(
        "directory.Organization", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_by_person = models.CharField(_("proposed by"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.IDEA)
    # What happened (tried) or why it was set aside.
    outcome = models.TextField(_("what happened, or why"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    is_demo = models.BooleanField(default=False, editable=False)

    objects, with_demo, all_rows = demo_managers()

    class Meta:
        ordering = ["title"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self) -> str:
        return self.title

    @property
    def proposed_by(self) -> str:
        if self.proposed_by_organization_id:
            return self.proposed_by_organization.name
        return self.proposed_by_person


class IdeaSupport(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="one_support_per_user")
        ]


class IdeaOffer(models.Model):
    """Someone offers to take part in making an idea happen."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="offers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(_("how you could help"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_offer_per_user")]
