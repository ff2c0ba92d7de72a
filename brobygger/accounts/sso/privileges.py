"""OIOSAML 3's privilege attribute: the job-function roles of a user, as base64-encoded XML.

KOMBIT's Context Handler sends (Basic Privilege Profile)::

    <bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile">
      <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:55133018">
        <Privilege>http://brobygger.aarhus.dk/roles/jobrole/formidler/1</Privilege>
      </PrivilegeGroup>
    </bpp:PrivilegeList>

It is parsed with defusedxml (no entities, no external references): it comes from outside.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException


class PrivilegeError(ValueError):
    """The privilege attribute could not be read; the message says why (no personal data)."""


@dataclass(frozen=True)
class Privilege:
    value: str  # the job-function role
    scope: str  # the PrivilegeGroup's Scope (e.g. the municipality's CVR), or ""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def privileges_decode(encoded: str) -> tuple[Privilege, ...]:
    """The privileges in one value of the attribute (base64 of the XML above)."""
    try:
        xml = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        raise PrivilegeError("the privilege attribute is not base64") from None
    try:
        root = ElementTree.fromstring(xml)
    except DefusedXmlException as error:
        raise PrivilegeError(f"the privilege attribute's XML is refused ({error})") from None
    except ElementTree.ParseError as error:
        raise PrivilegeError(f"the privilege attribute is not XML ({error})") from None
    if _local(root.tag) != "PrivilegeList":
        raise PrivilegeError(f"the privilege attribute holds {_local(root.tag)}, not PrivilegeList")
    found = []
    for group in root:
        if _local(group.tag) != "PrivilegeGroup":
            continue
        scope = group.get("Scope", "")
        for privilege in group:
            if _local(privilege.tag) == "Privilege" and (privilege.text or "").strip():
                found.append(Privilege(value=privilege.text.strip(), scope=scope))
    return tuple(found)


def privilege_values(encoded_values) -> tuple[str, ...]:
    """Every job-function role in the attribute's values (one or more base64 documents)."""
    return tuple(p.value for encoded in encoded_values for p in privileges_decode(encoded))
