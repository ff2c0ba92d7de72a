"""Finding 4: the research export's code must not be the reference staff see (the arena list and
the API show ``Case.pseudonym``), nor any other identifier shown elsewhere, and two exports must
not be linkable to each other."""

from __future__ import annotations

import csv
import io

import pytest

from tests.referrals.codes import withdrawal_codes_of
from tests.referrals.conftest import client, people2, scenario  # noqa: F401

pytestmark = pytest.mark.django_db


def _codes(client) -> list[str]:  # noqa: F811
    text = client.get("/evaluering/forloeb.csv").content.decode("utf-8-sig")
    return [row["pseudonym"] for row in csv.DictReader(io.StringIO(text))]


def test_it_gives_the_research_export_codes_shown_nowhere_else(scenario, client):  # noqa: F811
    people = scenario["people"]
    client.force_login(people["staff"])
    shown = client.get("/henvisninger/").content.decode()
    shown += client.get("/api/v1/referrals/").content.decode()
    client.force_login(people["broker"])
    shown += client.get("/formidler/").content.decode()
    client.force_login(people["analyst"])
    codes = _codes(client)
    assert len(codes) == 2 and all(codes)
    for case in (scenario["anna"], scenario["bent"]):
        known = {case.pseudonym, str(case.pk), str(case.client_reference)}
        assert not known & set(codes) and not withdrawal_codes_of(case, " ".join(codes))
    assert not [code for code in codes if code in shown]


def test_it_gives_two_exports_codes_that_cannot_be_linked(scenario, client):  # noqa: F811
    client.force_login(scenario["people"]["analyst"])
    first, second = _codes(client), _codes(client)
    assert len(set(first)) == 2 and len(set(second)) == 2
    assert not set(first) & set(second)
