"""The collaboration model's records: arenas and their staff, the citizen who is referred (with
as little personal data as the community broker needs), consent, the broker's case, referrals to
initiatives followed until the citizen takes part, T-ILS outcomes and the access log.

Personal data lives on ``Citizen`` (and in free-text notes); everything the evaluation counts
lives on ``Case`` and ``Referral`` as dates and states, so anonymising a citizen blanks the
personal fields and leaves the counts untouched.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobygger.core.demo import demo_managers


def _pseudonym() -> str:
    return secrets.token_hex(6)


def _token() -> str:
    # the old clear-text withdrawal token's default; kept for migration 0002 only
    return secrets.token_urlsafe(18)


class Arena(models.Model):
    """A municipal contact point whose frontline staff meet citizens (job centre, ...)."""

    class Kind(models.TextChoices):
        JOB = "job", _("Job and employment")
        HEALTH = "health", _("Health and prevention")
        HOUSING = "housing", _("Housing social work")
        SOCIAL = "social", _("Social services and psychiatry")
        ELDERLY = "elderly", _("Care for older people")
        CULTURE = "culture", _("Library, culture and leisure")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    tools_introduced_on = models.DateField(
        _("conversation guide introduced on"),
        null=True,
        blank=True,
        help_text=_("Referrals before and after this date are compared in the evaluation."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("arena")
        verbose_name_plural = _("arenas")

    def __str__(self) -> str:
        return self.name


class ArenaMembership(models.Model):
    """A frontline staff member's membership of an arena."""

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="arena_memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["arena", "user"], name="unique_arena_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.arena}"


class AgeBand(models.TextChoices):
    """The report's age groups: enough for matching and for the evaluation, no birth date."""

    A16_29 = "16-29", "16-29"
    A30_44 = "30-44", "30-44"
    A45_59 = "45-59", "45-59"
    A60_74 = "60-74", "60-74"
    A75 = "75+", "75+"


AGE_BAND_RANGES = {
    "16-29": (16, 29),
    "30-44": (30, 44),
    "45-59": (45, 59),
    "60-74": (60, 74),
    "75+": (75, 120),
}


class Citizen(models.Model):
    """What the broker needs to reach a citizen and find a community with them; nothing more."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    reach_when = models.CharField(_("how and when to get in touch"), max_length=300, blank=True)
    language = models.CharField(_("preferred language"), max_length=8, blank=True, default="da")
    age_band = models.CharField(_("age group"), max_length=8, choices=AgeBand.choices, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    interests = models.TextField(_("interests"), blank=True)
    first_step = models.TextField(_("what makes the first step hard"), blank=True)
    wants_company = models.BooleanField(_("would like company on the first visit"), default=False)
    # The citizen's own words from the contact form ("is there anything we should know?"):
    # free text instead of a list of labels to pick from.
    message = models.TextField(_("what the citizen wants us to know"), blank=True)
    special_group = models.ForeignKey(
        "directory.TaxonomyTerm",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("special target group"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    # Blanked on anonymisation; the age group stays for the evaluation's aggregates.
    PERSONAL_FIELDS = (
        "name",
        "phone",
        "email",
        "reach_when",
        "language",
        "postcode",
        "interests",
        "first_step",
        "message",
    )

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")

    def __str__(self) -> str:
        return self.name or str(_("(anonymised)"))


class Consent(models.Model):
    """The citizen's consent: given by whom, to whom, when, how, for what and until when."""

    class Purpose(models.TextChoices):
        REFERRAL = "referral", _("Contact from the community broker and referral to initiatives")
        OUTCOME = "outcome", _("The three questions about community, asked again after 3 months")

    class Method(models.TextChoices):
        ORAL = "oral", _("Orally")
        WRITTEN = "written", _("In writing")
        ONLINE = "online", _("On the web form")

    class GivenBy(models.TextChoices):
        CITIZEN = "citizen", _("The citizen")
        REPRESENTATIVE = "representative", _("A representative with power of attorney")

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    given_by = models.CharField(
        _("given by"), max_length=16, choices=GivenBy.choices, default=GivenBy.CITIZEN
    )
    given_to = models.CharField(_("given to"), max_length=200)
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    valid_until = models.DateField(_("valid until"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["given_at"]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None and self.valid_until >= timezone.localdate()


class Case(models.Model):
    """The community broker's case for one citizen, from referral until they belong."""

    class Source(models.TextChoices):
        STAFF = "staff", _("Referred by staff")
        SELF = "self", _("Contacted the broker")

    class Via(models.TextChoices):
        FORM = "form", _("Web form")
        API = "api", _("API")

    class State(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        IN_DIALOGUE = "in_dialogue", _("In dialogue")
        MATCHED = "matched", _("Matched with an initiative")
        FIRST_VISIT = "first_visit", _("First visit made")
        PARTICIPATING = "participating", _("Taking part")
        CLOSED = "closed", _("Closed")

    class ClosedReason(models.TextChoices):
        PARTICIPATING = "participating", _("Part of a community")
        DECLINED = "declined", _("The citizen said no thanks")
        NOT_REACHED = "not_reached", _("Could not be reached")
        OTHER_NEEDS = "other_needs", _("Other problems must be solved first")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
        CONSENT_EXPIRED = "consent_expired", _("Consent expired")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    citizen = models.OneToOneField(Citizen, on_delete=models.PROTECT, related_name="case")
    arena = models.ForeignKey(
        Arena, on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.NEW)
    closed_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosedReason.choices, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    first_visit_at = models.DateTimeField(null=True, blank=True)
    participating_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The key a submitting client chose, so a retried submission is stored once. It matches only
    # within the same way in (``submitted_via`` and ``source``) and the same submitter (a user,
    # or an anonymous visitor's session: ``submitter_key``), so replaying someone else's key
    # never returns their case. Blanked, with the submitter, when consent is withdrawn.
    client_reference = models.UUIDField(null=True, blank=True, editable=False)
    submitted_via = models.CharField(
        max_length=4, choices=Via.choices, default=Via.FORM, editable=False
    )
    submitter_key = models.CharField(max_length=80, blank=True, editable=False)
    # The reference staff see for their arenas' referrals (page and API). The researchers'
    # export uses its own per-export codes instead (evaluation.research_rows).
    pseudonym = models.CharField(max_length=12, default=_pseudonym, unique=True, editable=False)
    is_demo = models.BooleanField(default=False, editable=False)

    objects, with_demo, all_rows = demo_managers()
    # The broker who has the case now (none: nobody has taken it yet). Each change is recorded
    # in ``CaseAssignment``.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned to"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "submitted_via", "submitter_key", "client_reference"],
                name="one_case_per_client_reference_and_submitter",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pseudonym} ({self.get_state_display()})"

    @property
    def consent_ended(self) -> bool:
        """The citizen withdrew consent, or it ran out: the case keeps only its counts."""
        return self.closed_reason in (
            self.ClosedReason.CONSENT_WITHDRAWN,
            self.ClosedReason.CONSENT_EXPIRED,
        )


class WithdrawalCode(models.Model):
    """A code the citizen was given to withdraw consent without signing in (the receipt, the
    thank-you page). Only its digest is stored (``core.tokens``). Each receipt made gets a code
    of its own, so every one handed over works until consent ends; then all are deleted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="withdrawal_codes")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)


class CaseAssignment(models.Model):
    """One change of the broker who has a case: who took or passed it on, to whom, when."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]


class ContactLogEntry(models.Model):
    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        MEETING = "meeting", _("Meeting")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    reached = models.BooleanField(_("reached the citizen"), default=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at"]


class Referral(models.Model):
    """The broker's referral of a case to one initiative, confirmed by its contact person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    initiative = models.ForeignKey(
        "directory.Initiative", on_delete=models.PROTECT, related_name="referrals"
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message to the contact person"), blank=True)
    # Who received the referral: the initiative's contact persons when the broker referred (the
    # named contact, else the organisation's editors). Only they may see it, and only while they
    # are still a contact: naming another contact later grants nothing retroactively.
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="referrals_received", blank=True, editable=False
    )
    first_visit_at = models.DateTimeField(null=True, blank=True)
    first_visit_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    participating_at = models.DateTimeField(null=True, blank=True)
    participating_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    first_visit_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    follow_up_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    @property
    def status(self) -> str:
        if self.cancelled_at:
            return "cancelled"
        if self.participating_at:
            return "participating"
        if self.first_visit_at:
            return "first_visit"
        return "sent"


class OutcomeMeasurement(models.Model):
    """The three T-ILS answers (1 hardly ever, 2 some of the time, 3 often) and their sum."""

    class Moment(models.TextChoices):
        INTAKE = "intake", _("At the start")
        FOLLOW_UP = "follow_up", _("After three months")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="outcomes")
    moment = models.CharField(max_length=10, choices=Moment.choices)
    item1 = models.PositiveSmallIntegerField()
    item2 = models.PositiveSmallIntegerField()
    item3 = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField()
    measured_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "moment"], name="one_outcome_per_moment"),
            models.CheckConstraint(
                condition=models.Q(score__gte=3, score__lte=9), name="tils_score_3_to_9"
            ),
        ]


class AccessLogEntry(models.Model):
    """Every view of a citizen's record: who, when, what and why."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="access_log")
    action = models.CharField(max_length=40)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["-at"]
