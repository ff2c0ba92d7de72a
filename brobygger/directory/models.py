"""The directory of initiatives, aligned with Open Referral HSDS 3.0.

HSDS names in brackets: Organization [organization], Initiative [service], Location [location +
its one address], ServiceAtLocation [service_at_location], Schedule [schedule], Contact
[contact], Phone [phone], Language [language], CostOption [cost_option], Taxonomy/TaxonomyTerm
[taxonomy/taxonomy_term]. Our own classification (target group, initiative type, special target
group) are taxonomy terms of our own taxonomies and travel in HSDS as ``attributes``.

Business rules live in ``services.py`` (writes) and ``selectors.py`` (reads), not here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from brobygger.directory import validation


def _uuid_pk():
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


def _term(taxonomy_code: str, verbose_name):
    """An optional link to one term of our taxonomy ``taxonomy_code``."""
    return models.ForeignKey(
        "TaxonomyTerm",
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"taxonomy__code": taxonomy_code},
    )


class Taxonomy(models.Model):
    """A classification scheme. Codes of our own: target_group, initiative_type, special_group."""

    TARGET_GROUP = "target_group"
    INITIATIVE_TYPE = "initiative_type"
    SPECIAL_GROUP = "special_group"

    id = _uuid_pk()
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=40, blank=True)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name_plural = "taxonomies"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = _uuid_pk()
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.SlugField(max_length=60)
    name_da = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Age band that a target-group term stands for (used when an initiative has no own range).
    band_min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    band_max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["taxonomy__code", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_term_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "da").startswith("en") else self.name_da


class Organization(models.Model):
    id = _uuid_pk()
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(
        _("website"), blank=True, max_length=500, validators=[validation.validate_web_url]
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class OrganizationMembership(models.Model):
    """An organisation editor: may edit that organisation's initiatives."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="unique_org_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization}"


class Initiative(models.Model):
    """An initiative for people who want more community in their lives (HSDS service)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        INACTIVE = "inactive", _("Temporarily closed")
        DEFUNCT = "defunct", _("Closed down")

    class Staffing(models.TextChoices):
        UNKNOWN = "", _("Not stated")
        STAFFED = "staffed", _("Staff")
        VOLUNTEER = "volunteer", _("Volunteers")
        MIXED = "mixed", _("Staff and volunteers")

    class ServiceArea(models.TextChoices):
        """Where an initiative serves, besides where it sits (``service_areas.py``)."""

        PLACE = "", _("Only where it is located")
        MUNICIPALITY = "municipality", _("The whole municipality")
        POSTCODES = "postcodes", _("The postcodes listed")
        ANYWHERE = "anywhere", _("Anywhere, by phone or online")

    class Access(models.TextChoices):
        """How to get there, shown where an address would be."""

        ADDRESS = "", _("At its address")
        CALL = "call", _("Call to arrange")
        AT_HOME = "at_home", _("Takes place in your home")
        REMOTE = "remote", _("By phone or online")

    id = _uuid_pk()
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="initiatives"
    )
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("what happens there"), blank=True)
    url = models.URLField(
        _("website"), blank=True, max_length=500, validators=[validation.validate_web_url]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    initiative_type = _term(Taxonomy.INITIATIVE_TYPE, _("type"))
    target_groups = models.ManyToManyField(
        TaxonomyTerm,
        verbose_name=_("target groups"),
        blank=True,
        related_name="+",
        limit_choices_to={"taxonomy__code": Taxonomy.TARGET_GROUP},
    )
    special_groups = models.ManyToManyField(
        TaxonomyTerm,
        verbose_name=_("special target groups"),
        blank=True,
        related_name="initiatives_for_special_group",
        limit_choices_to={"taxonomy__code": Taxonomy.SPECIAL_GROUP},
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    staffing = models.CharField(
        _("run by"), max_length=10, choices=Staffing.choices, default="", blank=True
    )
    first_visit = models.TextField(_("the first time"), blank=True)
    may_bring_companion = models.BooleanField(_("you may bring someone"), null=True, blank=True)
    application_process = models.TextField(_("how to get started"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    fees_description = models.TextField(_("price"), blank=True)
    source_note = models.CharField(_("source"), max_length=300, blank=True)
    service_area = models.CharField(
        _("serves"), max_length=12, choices=ServiceArea.choices, default="", blank=True
    )
    # Four-digit postcodes separated by single spaces (``service_areas.postcodes_text``); used
    # when ``service_area`` is POSTCODES.
    service_postcodes = models.CharField(_("postcodes served"), max_length=600, blank=True)
    access = models.CharField(
        _("how to get there"), max_length=10, choices=Access.choices, default="", blank=True
    )
    # Who receives the community broker's referrals; when empty, the organisation's editors do.
    referral_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referral_contact_for",
        verbose_name=_("contact person for referrals"),
    )
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    # A made-up initiative of demo mode (directory/demo.py): shown, marked, only in demo mode;
    # never in an export, the open-data API, a real figure or a print outside demo mode.
    is_example = models.BooleanField(_("example"), default=False, editable=False)
    stale_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Denormalised search text, rebuilt by services.initiative_reindex on every write.
    search_document = models.TextField(blank=True, editable=False)
    search_stems = models.TextField(blank=True, editable=False)
    # PostgreSQL only: to_tsvector('danish', search_document), GIN-indexed. Stays empty on SQLite
    # (which accepts the column type name and searches search_stems instead).
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["minimum_age", "maximum_age"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="initiative_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    # Every page, print and export shows these, never the raw fields: a value stored before
    # the fields were validated must not become a live javascript: or mailto: link.
    @property
    def safe_url(self) -> str:
        return validation.safe_url(self.url)

    @property
    def safe_email(self) -> str:
        return validation.safe_email(self.email)

    @property
    def hsds_service_areas(self) -> list[dict]:
        """The HSDS ``service_areas`` of an imported initiative, as the file gave them (each a
        dict with id, name, description, extent, extent_type, uri); [] when none."""
        areas = (self.hsds_extra or {}).get("extra", {}).get("service_areas") or []
        return [area for area in areas if isinstance(area, dict)]


class Location(models.Model):
    class LocationType(models.TextChoices):
        PHYSICAL = "physical", _("A place")
        POSTAL = "postal", _("Postal address")
        VIRTUAL = "virtual", _("Online or by phone")

    id = _uuid_pk()
    organization = models.ForeignKey(
        Organization, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(blank=True, max_length=500, validators=[validation.validate_web_url])
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # The location's one address (HSDS address), flattened.
    address_id = models.UUIDField(default=uuid.uuid4, editable=False)
    address_1 = models.CharField(_("address"), max_length=300, blank=True)
    address_2 = models.CharField(max_length=300, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=20, blank=True, db_index=True)
    city = models.CharField(_("town"), max_length=120, blank=True)
    state_province = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, default="DK")
    address_type = models.CharField(max_length=10, default="physical", blank=True)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or ", ".join(p for p in (self.address_1, self.postal_code, self.city) if p)

    def clean(self):
        """A Danish address has a four-digit postcode (other countries keep their own)."""
        super().clean()
        if (
            self.postal_code
            and self.country in ("", "DK")
            and not validation.is_postcode(self.postal_code)
        ):
            raise ValidationError({"postal_code": validation.validate_postcode.message})


class ServiceAtLocation(models.Model):
    id = _uuid_pk()
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    description = models.TextField(blank=True)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["initiative", "location"], name="unique_sal")
        ]


class Schedule(models.Model):
    """When an initiative meets: an RFC 5545 recurrence as HSDS stores it."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("weekly")
        MONTHLY = "MONTHLY", _("monthly")

    id = _uuid_pk()
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="schedules", null=True, blank=True
    )
    freq = models.CharField(max_length=8, choices=Freq.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=40, blank=True, help_text="e.g. MO,WE")
    bymonthday = models.CharField(max_length=40, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)


class Contact(models.Model):
    id = _uuid_pk()
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="contacts", null=True, blank=True
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts", null=True, blank=True
    )
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)


class Phone(models.Model):
    id = _uuid_pk()
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="phones", null=True, blank=True
    )
    number = models.CharField(max_length=60, validators=[validation.validate_phone])
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)

    @property
    def safe_number(self) -> str:
        """The number if it looks like one, else "" (nothing else becomes a tel: link)."""
        return validation.safe_phone(self.number)


class Language(models.Model):
    """A language spoken at the initiative (ISO 639-1 code, e.g. da, en, ar)."""

    id = _uuid_pk()
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="languages", null=True, blank=True
    )
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=12, blank=True, db_index=True)
    note = models.TextField(blank=True)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)


class CostOption(models.Model):
    id = _uuid_pk()
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="cost_options"
    )
    option = models.CharField(max_length=300, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount_description = models.CharField(max_length=300, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    # HSDS 3.0 properties we do not model, kept so that an import exports again without loss
    # (hsds/lossless.py: {"extra": {...}, "verbatim": {...}}).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)


class Attribute(models.Model):
    """An HSDS attribute of an initiative on a taxonomy that is not ours (a foreign taxonomy,
    kept as a taxonomy of its own). Our own classification travels as attributes built from
    the initiative's fields instead (``hsds/serialize.py``)."""

    id = _uuid_pk()
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="hsds_attributes"
    )
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="+")
    value = models.TextField(blank=True)
    label = models.CharField(max_length=300, blank=True)
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)


class HSDSRecord(models.Model):
    """A row of an HSDS table that the directory does not model (funding, programs, service
    areas, required documents, accessibility, metadata, …), kept as the file gave it so that the
    tabular form exports again without loss (``hsds/tabular.py``)."""

    table = models.CharField(max_length=60)
    record_id = models.CharField(max_length=100)
    row = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["table", "record_id"], name="unique_hsds_record")
        ]

    def __str__(self) -> str:
        return f"{self.table} {self.record_id}"


class InitiativeRevision(models.Model):
    """One change to an initiative: who, when, what (field -> [before, after])."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="revisions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=20)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]


SUGGESTION_NAME_MAX = 300
SUGGESTION_TEXT_MAX = 2000


class Suggestion(models.Model):
    """A public suggestion of an initiative, waiting in the administrator's moderation queue."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name of the initiative"), max_length=SUGGESTION_NAME_MAX)
    organization_name = models.CharField(
        _("organisation"), max_length=SUGGESTION_NAME_MAX, blank=True
    )
    description = models.TextField(
        _("what happens there"),
        max_length=SUGGESTION_TEXT_MAX,
        validators=[MaxLengthValidator(SUGGESTION_TEXT_MAX)],
    )
    url = models.URLField(
        _("website"), blank=True, max_length=500, validators=[validation.validate_web_url]
    )
    target_group = _term(Taxonomy.TARGET_GROUP, _("target group"))
    initiative_type = _term(Taxonomy.INITIATIVE_TYPE, _("type"))
    postal_code = models.CharField(
        _("postcode"), max_length=4, blank=True, validators=[validation.validate_postcode]
    )
    # Deleted once the suggestion is decided (services.suggestion_accept/_reject).
    submitter_email = models.EmailField(_("your e-mail (optional)"), blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.name


class Synonym(models.Model):
    """Words the search treats as meaning the same ("ensom, alene"), kept by the administrator.

    Read at query time (``search.query_terms``): a change takes effect at once, no re-indexing.
    Word forms and compounds need no synonym ("besøgsven" already finds "besøgsvenner").
    """

    words = models.CharField(
        _("words"),
        max_length=500,
        help_text=_("Words that mean the same in a search, separated by commas."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["words"]
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")

    def __str__(self) -> str:
        return self.words

    def clean(self) -> None:
        from brobygger.directory.search import synonym_words

        self.words = ", ".join(synonym_words(self.words))
