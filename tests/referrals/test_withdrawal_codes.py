"""Withdrawal codes (issue 20): only their digest is stored; each receipt made gets a code of its
own and every one handed over works until consent ends; then all are gone. Codes issued before
the change (clear text in the case row) still work after the migration."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from brobygger.core.tokens import token_digest, token_matches, token_pair
from brobygger.referrals import selectors, services
from brobygger.referrals.models import Case, WithdrawalCode
from tests.referrals.codes import fragment_code, withdrawal_codes_of

pytestmark = pytest.mark.django_db


def _refer(client, people2, name="Ole"):
    arena = people2["staff"].arena_memberships.get().arena
    client.force_login(people2["staff"])
    body = {"client_reference": str(uuid.uuid4()), "name": name, "phone": "12345678",
            "language": "da", "age_band": "45-59", "arena": arena.pk,
            "consent": "on", "consent_given_by": "citizen", "consent_method": "oral"}  # fmt: skip
    page = client.post("/henvis/", body)
    assert page.status_code == 200
    return Case.objects.get(citizen__name=name), page.content.decode()


def test_the_token_helper_stores_a_digest_and_compares_it():
    token, digest = token_pair()
    assert digest == hashlib.sha256(token.encode()).hexdigest()  # computed here, not by us
    assert token_digest(token) == digest and token_matches(token, digest)
    assert not token_matches(token + "x", digest) and not token_matches("", digest)
    assert token_pair()[0] != token


def test_no_clear_code_is_stored_only_its_digest(people2, client):
    case, html = _refer(client, people2)
    code = fragment_code(html)
    stored = WithdrawalCode.objects.get(case=case)
    assert stored.digest == hashlib.sha256(code.encode()).hexdigest()
    dump = json.dumps(
        [
            list(row)
            for model in ("referrals_case", "referrals_withdrawalcode", "referrals_citizen")
            for row in _rows(model)
        ],
        default=str,
    )
    assert code not in dump and stored.digest in dump  # the check can see what is stored


def _rows(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
        return cursor.fetchall()


def test_every_receipt_handed_over_works_until_consent_ends(people2, client):
    case, html = _refer(client, people2)
    first = fragment_code(html)
    again = client.get(f"/henvisninger/{case.pk}/kvittering/").content.decode()
    second = fragment_code(again)
    assert first != second
    assert withdrawal_codes_of(case, first + " " + second) == {first, second}
    client.logout()
    done = client.post("/faellesskab/tilbagekald/", {"code": first})
    assert done.status_code == 200
    case.refresh_from_db()
    assert case.consent_ended and not WithdrawalCode.objects.filter(case=case).exists()
    assert selectors.case_by_withdrawal_code(second) is None
    again = client.post("/faellesskab/tilbagekald/", {"code": second})
    assert again.status_code == 404
    with pytest.raises(services.ReferralError):
        services.withdrawal_code_issue(case)


def test_only_the_last_ten_codes_of_a_case_work(people2, client):
    case, html = _refer(client, people2)
    codes = [fragment_code(html)] + [services.withdrawal_code_issue(case) for _ in range(10)]
    assert WithdrawalCode.objects.filter(case=case).count() == 10
    assert selectors.case_by_withdrawal_code(codes[0]) is None  # the oldest went
    assert all(selectors.case_by_withdrawal_code(code) == case for code in codes[1:])


@pytest.mark.django_db(transaction=True)
def test_codes_handed_out_before_the_change_keep_working_after_the_migration():
    executor = MigrationExecutor(connection)
    before = [("referrals", "0005_case_assignment_and_citizen_message")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    Arena = old_apps.get_model("referrals", "Arena")
    Citizen = old_apps.get_model("referrals", "Citizen")
    OldCase = old_apps.get_model("referrals", "Case")
    arena = Arena.objects.create(name="Old arena")
    tokens = ["old-code-aaaaaaaaaaaaaaaa", "old-code-bbbbbbbbbbbbbbbb"]
    for n, token in enumerate(tokens):
        citizen = Citizen.objects.create(name=f"Old {n}")
        OldCase.objects.create(citizen=citizen, arena=arena, withdrawal_token=token)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    for n, token in enumerate(tokens):
        case = selectors.case_by_withdrawal_code(token)
        assert case is not None and case.citizen.name == f"Old {n}"
    assert WithdrawalCode.objects.count() == 2
    executor = MigrationExecutor(connection)  # and back: the old column comes back empty
    executor.migrate(before)
    OldCase = executor.loader.project_state(before).apps.get_model("referrals", "Case")
    assert list(OldCase.objects.values_list("withdrawal_token", flat=True)) == [None, None]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    call_command("flush", interactive=False, verbosity=0)
