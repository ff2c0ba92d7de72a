"""Finding 12 (fail closed): the citizen's withdrawal token must stay out of the access log.
gunicorn logs every request line, and Django logs the path of every 4xx answer, so the token
must never travel in a URL path or query: the receipt's link carries it after ``#`` (which a
browser never sends) and the withdrawal page posts it."""

from __future__ import annotations

import logging
import re
import uuid
from urllib.parse import urlsplit

import pytest

from brobygger.referrals.models import Case

pytestmark = pytest.mark.django_db


def _contact_me(client, name="Lis"):
    body = {"client_reference": str(uuid.uuid4()), "name": name, "phone": "12345678",
            "language": "da", "age_band": "45-59", "consent": "on"}  # fmt: skip
    page = client.post("/faellesskab/kontakt/", body).content.decode()
    return Case.objects.get(citizen__name=name), page


def test_it_keeps_the_token_out_of_the_part_of_the_link_a_browser_sends(seeded, client):
    case, page = _contact_me(client)
    href = re.search(r'id="withdrawal-link" href="([^"]+)"', page).group(1)
    sent = urlsplit(href)
    assert case.withdrawal_token not in sent.path + "?" + sent.query
    assert case.withdrawal_token in sent.fragment


def test_it_withdraws_by_posting_the_code_without_logging_it(seeded, client, caplog):
    case, _page = _contact_me(client)
    token = case.withdrawal_token
    with caplog.at_level(logging.DEBUG):
        page = client.get("/faellesskab/tilbagekald/")
        assert page.status_code == 200
        wrong = client.post("/faellesskab/tilbagekald/", {"code": "not-" + token})
        assert wrong.status_code in (200, 404)
        done = client.post("/faellesskab/tilbagekald/", {"code": token})
    assert done.status_code == 200
    case.refresh_from_db()
    assert case.state == Case.State.CLOSED and case.citizen.anonymised_at is not None
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert token not in logged


def test_it_keeps_old_links_working_without_logging_them_as_errors(seeded, client, caplog):
    """Receipts handed out before had the code in the address: the page still takes it (filled
    in, to be posted) and answers 200 whatever the code, so Django logs no 'Not Found' line
    holding it."""
    case, _page = _contact_me(client)
    with caplog.at_level(logging.DEBUG):
        old = client.get(f"/faellesskab/tilbagekald/{case.withdrawal_token}/")
        wrong = client.get("/faellesskab/tilbagekald/not-a-code/")
    assert old.status_code == 200 and wrong.status_code == 200
    assert f'value="{case.withdrawal_token}"' in old.content.decode()
    assert not [r for r in caplog.records if "tilbagekald" in r.getMessage()]
    case.refresh_from_db()
    assert case.citizen.anonymised_at is None  # a GET never withdraws
