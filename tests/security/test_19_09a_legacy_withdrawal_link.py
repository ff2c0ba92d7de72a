"""Finding 9a: the retired withdrawal link with the code in its path. It answers with a redirect
to the page that asks for the code: the code is not echoed into a page or a new address, and
the old address no longer works as a way to withdraw."""

from __future__ import annotations

import logging

import pytest

from brobygger.referrals import selectors, services
from brobygger.referrals.models import Arena

pytestmark = pytest.mark.django_db
PAGE = "/faellesskab/tilbagekald/"


@pytest.fixture
def case(people):
    made, _created = services.referral_submit(
        user=people["staff"],
        arena=Arena.objects.get(name="Jobcenter Aarhus"),
        citizen_fields={"name": "Lis", "phone": "12345678", "language": "da"},
        consent=services.ConsentGiven(),
    )
    return made


def test_it_sends_the_old_link_to_the_page_that_asks_for_the_code(client, case, caplog):
    token = services.withdrawal_code_issue(case)
    with caplog.at_level(logging.DEBUG):
        response = client.get(f"{PAGE}{token}/")
    assert response.status_code == 302
    assert response["Location"] == PAGE
    assert token not in response.content.decode()
    assert not [r for r in caplog.records if token in r.getMessage()]


def test_it_asks_for_the_code_without_filling_it_in(client, case):
    token = services.withdrawal_code_issue(case)
    page = client.get(f"{PAGE}{token}/", follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and 'name="code"' in html
    assert token not in html


def test_it_never_withdraws_through_the_old_address(client, case):
    token = services.withdrawal_code_issue(case)
    response = client.post(f"{PAGE}{token}/", {"code": token})
    assert response.status_code in (302, 405)
    case.refresh_from_db()
    assert case.citizen.anonymised_at is None and not case.consent_ended
    assert selectors.case_by_withdrawal_code(token) == case  # the code still works
