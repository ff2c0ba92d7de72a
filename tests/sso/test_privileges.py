"""OIOSAML 3's privilege attribute (base64 XML of the Basic Privilege Profile), read with
defusedxml."""

from __future__ import annotations

import base64

import pytest

from brobygger.accounts.sso.privileges import (
    Privilege,
    PrivilegeError,
    privilege_values,
    privileges_decode,
)
from tests.sso.saml_idp import privilege_attribute

KOMBIT = """<?xml version="1.0" encoding="UTF-8"?>
<bpp:PrivilegeList xmlns:bpp="http://digst.dk/oiosaml/basic_privilege_profile"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:55133018">
    <Privilege>http://brobygger.aarhus.dk/roles/jobrole/formidler/1</Privilege>
    <Privilege>http://brobygger.aarhus.dk/roles/jobrole/analytiker/1</Privilege>
  </PrivilegeGroup>
  <PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:29189854">
    <Privilege> Brobygger Formidler </Privilege>
  </PrivilegeGroup>
</bpp:PrivilegeList>"""


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_it_reads_every_privilege_with_its_scope():
    assert privileges_decode(b64(KOMBIT)) == (
        Privilege(
            "http://brobygger.aarhus.dk/roles/jobrole/formidler/1",
            "urn:dk:gov:saml:cvrNumberIdentifier:55133018",
        ),
        Privilege(
            "http://brobygger.aarhus.dk/roles/jobrole/analytiker/1",
            "urn:dk:gov:saml:cvrNumberIdentifier:55133018",
        ),
        Privilege("Brobygger Formidler", "urn:dk:gov:saml:cvrNumberIdentifier:29189854"),
    )


def test_it_reads_several_values_and_line_broken_base64():
    wrapped = "\n".join(b64(KOMBIT)[i : i + 64] for i in range(0, len(b64(KOMBIT)), 64))
    values = privilege_values([wrapped, privilege_attribute(["Brobygger Analytiker"])])
    assert values[-2:] == ("Brobygger Formidler", "Brobygger Analytiker")


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        ("not base64!", "not base64"),
        (b64("<PrivilegeList><unclosed></PrivilegeList>"), "not XML"),
        (b64("<Other/>"), "holds Other, not PrivilegeList"),
        (
            b64(
                '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                "<PrivilegeList><PrivilegeGroup><Privilege>&b;</Privilege></PrivilegeGroup>"
                "</PrivilegeList>"
            ),
            "refused",
        ),
        (
            b64(
                '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                "<PrivilegeList>&x;</PrivilegeList>"
            ),
            "refused",
        ),
    ],
)
def test_bad_or_dangerous_xml_is_refused(encoded, message):
    with pytest.raises(PrivilegeError, match=message):
        privileges_decode(encoded)
