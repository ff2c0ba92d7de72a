"""The directory in HSDS 3.0's tabular form: one list of flat rows per table, linked by ``*_id``
columns (``{"services.csv": [...], ...}``, as ``examples/tabular.json``).

Each row is the record's own properties with what an import kept (``lossless.restore``), its
links to its parents, and nothing nested. Rows of tables we do not model come back from
``HSDSRecord`` as the file gave them.
"""

from __future__ import annotations

from brobygger.directory.hsds import serialize
from brobygger.directory.hsds.lossless import restore
from brobygger.directory.models import (
    Attribute,
    Contact,
    CostOption,
    HSDSRecord,
    Initiative,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)


def _flat(row: dict) -> dict:
    """Only the columns: nested objects and lists belong to other tables."""
    return {k: v for k, v in row.items() if not isinstance(v, dict | list)}


def _linked(row: dict, **links) -> dict:
    """The row with its links to parents, where the record has them and the row does not."""
    for column, value in links.items():
        if value is not None and column not in row:
            row[column] = str(value)
    return row


def tabular_export(initiatives=None) -> dict[str, list[dict]]:
    """The tabular form of ``initiatives`` (default: every real, non-draft one) and of the
    organisations, places and taxonomies they use."""
    if initiatives is None:
        initiatives = Initiative.objects.filter(is_example=False).exclude(
            status=Initiative.Status.DRAFT
        )
    initiatives = initiatives.select_related("organization").order_by("name", "id")
    service_ids = [i.pk for i in initiatives]
    organization_ids = {i.organization_id for i in initiatives}
    places = ServiceAtLocation.objects.filter(initiative_id__in=service_ids).order_by("id")
    locations = Location.objects.filter(
        pk__in=places.values("location_id")
    ) | Location.objects.filter(organization_id__in=organization_ids)
    locations = locations.distinct().order_by("id")
    contacts = Contact.objects.filter(initiative_id__in=service_ids) | Contact.objects.filter(
        organization_id__in=organization_ids
    )
    contacts = contacts.distinct().order_by("id")
    phones = (
        Phone.objects.filter(initiative_id__in=service_ids)
        | Phone.objects.filter(organization_id__in=organization_ids)
        | Phone.objects.filter(contact__in=contacts)
    ).distinct()
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__code", "code")
    tables = {
        "organizations.csv": [
            _flat(restore(serialize.organization_own(o), o.hsds_extra, lists=False))
            for o in Organization.objects.filter(pk__in=organization_ids).order_by("name", "id")
        ],
        "services.csv": [
            _flat(restore(serialize.service_own(i), i.hsds_extra, lists=False)) for i in initiatives
        ],
        "locations.csv": [
            _linked(
                _flat(restore(serialize.location_own(loc), loc.hsds_extra)),
                organization_id=loc.organization_id,
            )
            for loc in locations
        ],
        "addresses.csv": [
            restore(serialize.address_own(loc), (loc.hsds_extra or {}).get("address"))
            for loc in locations
            if loc.address_1 or loc.postal_code or loc.city
        ]
        + [a for loc in locations for a in (loc.hsds_extra or {}).get("more_addresses") or []],
        "service_at_location.csv": [
            _flat(restore(serialize.service_at_location_own(sal), sal.hsds_extra)) for sal in places
        ],
        "contacts.csv": [
            _linked(
                _flat(restore(serialize.contact_own(c), c.hsds_extra)),
                service_id=c.initiative_id,
                organization_id=c.organization_id,
            )
            for c in contacts
        ],
        "phones.csv": [
            _linked(
                _flat(restore(serialize.phone_own(p), p.hsds_extra)),
                service_id=p.initiative_id,
                organization_id=p.organization_id,
                contact_id=p.contact_id,
            )
            for p in phones.order_by("id")
        ],
        "schedules.csv": [
            _linked(
                _flat(restore(serialize.schedule_own(s), s.hsds_extra)), service_id=s.initiative_id
            )
            for s in Schedule.objects.filter(initiative_id__in=service_ids).order_by("id")
        ],
        "languages.csv": [
            _linked(
                _flat(restore(serialize.language_own(x), x.hsds_extra)), service_id=x.initiative_id
            )
            for x in Language.objects.filter(initiative_id__in=service_ids).order_by("id")
        ],
        "cost_options.csv": [
            _linked(
                _flat(restore(serialize.cost_option_own(c), c.hsds_extra)),
                service_id=c.initiative_id,
            )
            for c in CostOption.objects.filter(initiative_id__in=service_ids).order_by("id")
        ],
        "attributes.csv": [_flat(a) for i in initiatives for a in serialize.our_attributes(i)]
        + [
            _flat(restore(serialize.attribute_own(a), a.hsds_extra))
            for a in Attribute.objects.filter(initiative_id__in=service_ids).order_by("id")
        ],
        "taxonomies.csv": [
            _flat(restore(serialize.taxonomy_own(t), t.hsds_extra))
            for t in Taxonomy.objects.order_by("code")
        ],
        "taxonomy_terms.csv": [
            _flat(restore(serialize.taxonomy_term_own(t), t.hsds_extra)) for t in terms
        ],
    }
    for record in HSDSRecord.objects.order_by("table", "record_id"):
        tables.setdefault(record.table, []).append(record.row)
    return tables
