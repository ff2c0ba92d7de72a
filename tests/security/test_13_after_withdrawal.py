"""Finding 13: after withdrawal the case must keep only what the counts need: no client
reference, no withdrawal token, and no free text in the access log naming the initiative."""

from __future__ import annotations

import uuid

import pytest

from brobygger.referrals import selectors, services
from brobygger.referrals.models import AccessLogEntry, Case
from tests.referrals.conftest import citizen, client, people2, scenario  # noqa: F401

pytestmark = pytest.mark.django_db


def test_it_keeps_no_reference_token_or_free_text_after_withdrawal(scenario, client):  # noqa: F811
    people = scenario["people"]
    case, _ = services.referral_submit(
        user=people["staff"],
        arena=scenario["jobcenter"],
        citizen_fields=citizen("Carl"),
        consent=services.ConsentGiven(),
        client_reference=uuid.uuid4(),
    )
    services.initiative_refer(
        case=case, initiative=scenario["to_ventilen"].initiative, user=people["broker"]
    )
    client.force_login(people["editor"])
    client.get("/tilbud/henvisninger/")  # logged: "referral to Ventilen"
    client.force_login(people["broker"])
    client.get(f"/formidler/sag/{case.pk}/?reason=Carl+ringede")
    client.get(f"/api/v1/referrals/cases/{case.pk}?reason=Carl+ringede+om+Ventilen")
    assert AccessLogEntry.objects.filter(citizen=case.citizen).count() >= 3
    token = services.withdrawal_code_issue(case)  # as on a receipt
    services.consent_withdraw(case=case)
    case = Case.objects.get(pk=case.pk)
    assert case.client_reference is None
    assert not case.withdrawal_codes.exists() and selectors.case_by_withdrawal_code(token) is None
    log = AccessLogEntry.objects.filter(citizen=case.citizen)
    assert log.count() >= 3  # who looked and when stays (the citizen's right of access) ...
    assert set(log.values_list("reason", flat=True)) == {""}  # ... the free text does not
