"""Aktiviteter: dated activities, their series, and the people who sign up.

An ``Activity`` is one dated event: it has its own places, sign-ups and waiting list. A
recurring activity is a ``Series`` (weekly or every other week, with exceptions) whose dates are
made as activities ahead of time (``services.series_extend``), so every list, calendar, feed and
sign-up works on one kind of thing. A directory initiative's regular times become a series
linked to its schedule, made once (``series.schedule`` is unique).

A ``SignUp`` holds the least a host needs to welcome someone: a name and one way to reach them.
It is emptied of those (``anonymised_at``) a setting's number of days after the activity, and
counts in the statistics without them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobygger.core.demo import demo_managers
from brobygger.directory import validation
from brobygger.directory.models import Initiative, Organization, Schedule, TaxonomyTerm


class Series(models.Model):
    """A rule that makes dated activities: every week or every other week, until a date."""

    class Repeat(models.IntegerChoices):
        WEEKLY = 1, _("every week")
        FORTNIGHTLY = 2, _("every other week")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    every_weeks = models.PositiveSmallIntegerField(choices=Repeat.choices, default=Repeat.WEEKLY)
    until = models.DateField(_("repeat until"), null=True, blank=True)
    # dates the series skips (a holiday): "YYYY-MM-DD" list
    exceptions = models.JSONField(default=list, blank=True)
    schedule = models.OneToOneField(
        Schedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="series"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)


# The most places an activity may offer: far above any room or hall in the municipality, and
# well inside the database column, so forms, the service and the API state one limit.
MAX_CAPACITY = 10_000


class Activity(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for approval")
        PUBLISHED = "published", _("Published")
        REFUSED = "refused", _("Not approved")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what happens"), max_length=4000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, null=True, blank=True, related_name="activities"
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validation.validate_postcode]
    )
    online_url = models.URLField(
        _("online link"), blank=True, max_length=500, validators=[validation.validate_web_url]
    )
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)
    price_dkk = models.DecimalField(
        _("price (kr.)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    accessibility = models.JSONField(_("accessibility"), default=list, blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    target_groups = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="+", verbose_name=_("for")
    )
    welcome = models.TextField(_("welcome: how newcomers are met"), max_length=1000, blank=True)
    hosting = models.TextField(_("hosting: who looks after them"), max_length=1000, blank=True)
    meet_again = models.TextField(
        _("meeting again: how people meet again"), max_length=1000, blank=True
    )
    may_bring_someone = models.BooleanField(_("you may bring someone"), default=True)
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("initiative"),
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_activities",
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    refusal_reason = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(default=False, editable=False)

    objects, with_demo, all_rows = demo_managers()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["state", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="activity_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="activity_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d %H:%M})"

    @property
    def is_free(self) -> bool:
        return not self.price_dkk

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.address


class SignUp(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    status = models.CharField(max_length=10, choices=Status.choices)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    wants_company = models.BooleanField(default=False)
    language = models.CharField(max_length=8, default="da")  # messages go out in it
    companion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="companion_signups",
    )
    # the broker signed the citizen up from a case (with the citizen's consent)
    case = models.ForeignKey(
        "referrals.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity_signups",
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activity_signups",
    )
    # who this person is across sign-ups, without keeping who they are: HMAC of the contact
    # (first-timers and "came back" are counted by it after the names are gone)
    person_key = models.CharField(max_length=64, blank=True, db_index=True)
    first_time = models.BooleanField(default=True)  # no earlier sign-up by the same person
    client_reference = models.UUIDField(null=True, blank=True)
    # whose client_reference it is: "user:<pk>" for a signed-in caller, else the person_key of
    # the contact; a reference matches only the same caller's sign-up (blanked when anonymised)
    submitter_key = models.CharField(max_length=64, blank=True, editable=False)
    cancel_token_hash = models.CharField(max_length=64, unique=True)
    came = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    meet_again_sent_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "submitter_key", "client_reference"],
                condition=models.Q(client_reference__isnull=False),
                name="signup_client_reference_once_per_caller",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.activity}"


class VolunteerAvailability(models.Model):
    """When a volunteer can go with someone the first time (a følgeven)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability"
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )
    from_time = models.TimeField(_("from"))
    to_time = models.TimeField(_("to"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["weekday", "from_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_time__gt=models.F("from_time")),
                name="availability_ends_after_it_starts",
            )
        ]
