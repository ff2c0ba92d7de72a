"""The role mapping file: IdP roles and groups -> our roles, arena and organisation."""

from __future__ import annotations

import pytest

from brobygger.accounts.sso.mapping import Grant, MappingError, mapping_load, mapping_parse
from tests.sso.conftest import MAPPING


def test_it_maps_job_function_roles_to_our_roles():
    mapping = mapping_parse(MAPPING, source="roles.yaml")
    grants = mapping.grants_for(["Brobygger Formidler", "Brobygger Jobcenter", "Other"])
    assert grants == {Grant("broker"), Grant("staff", "Jobcenter Aarhus")}
    assert mapping.grants_for(["brobygger formidler"]) == frozenset()  # exact names only
    assert mapping.grants_for([]) == frozenset()


def test_one_idp_role_may_give_several_of_ours():
    text = "roles:\n  - {idp: A, role: broker}\n  - {idp: A, role: analyst}\n"
    assert mapping_parse(text, source="m").grants_for(["A"]) == {
        Grant("broker"),
        Grant("analyst"),
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("roles:\n  - {idp: A, role: king}\n", "m: roles.0.role: Value error, unknown role 'king'"),
        ("roles:\n  - {idp: A, role: staff}\n", "m: roles.0: Value error, the staff role needs"),
        (
            "roles:\n  - {idp: A, role: broker}\n  - {idp: B, role: editor}\n",
            "m: roles.1: Value error, the editor role needs an organisation",
        ),
        ("roles:\n  - {idp: ' ', role: broker}\n", "m: roles.0.idp: Value error, must not be"),
        ("roles:\n  - {idp: A, role: broker, arena: X}\n", "only the staff role takes an arena"),
        ("roles:\n  - {idp: A, role: citizen}\n", "unknown role 'citizen'"),
        ("rolez: []\n", "m: roles: Field required"),
        ("roles: [\n", "m: not YAML"),
    ],
)
def test_a_bad_file_is_refused_naming_the_entry_and_field(text, message):
    with pytest.raises(MappingError) as error:
        mapping_parse(text, source="m")
    assert message in str(error.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(MappingError, match="nowhere.yaml: cannot be read"):
        mapping_load(tmp_path / "nowhere.yaml")
