"""Finding 12 (fail closed): the citizen's withdrawal token must stay out of the access log.
gunicorn logs every request line, and Django logs the path of every 4xx answer, so the token
must never travel in a URL path or query: the receipt's link carries it after ``#`` (which a
browser never sends) and the withdrawal page posts it."""

from __future__ import annotations

import logging
import re
import uuid
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode, urlsplit
from urllib.request import HTTPCookieProcessor, build_opener

import pytest

from brobygger.referrals.models import Case
from tests.gunicorn import gunicorn_serving
from tests.referrals.codes import fragment_code, withdrawal_codes_of
from tests.waiting import wait_for

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
    assert not withdrawal_codes_of(case, sent.path + "?" + sent.query)
    assert withdrawal_codes_of(case, sent.fragment)


def test_it_withdraws_by_posting_the_code_without_logging_it(seeded, client, caplog):
    case, page = _contact_me(client)
    token = fragment_code(page)
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


def test_it_sends_old_links_to_the_page_without_logging_them_as_errors(seeded, client, caplog):
    """Receipts handed out before had the code in the address. Since issue 19 (finding 9a) that
    address is retired: it redirects to the page that asks for the code (nothing filled in,
    nothing in the new address), and Django logs no 'Not Found' line holding it."""
    case, _page = _contact_me(client)
    with caplog.at_level(logging.DEBUG):
        old = client.get(f"/faellesskab/tilbagekald/{fragment_code(_page)}/")
        wrong = client.get("/faellesskab/tilbagekald/not-a-code/")
    assert (old.status_code, wrong.status_code) == (302, 302)
    assert old["Location"] == "/faellesskab/tilbagekald/"
    assert not [r for r in caplog.records if "tilbagekald" in r.getMessage()]
    case.refresh_from_db()
    assert case.citizen.anonymised_at is None  # a GET never withdraws


@pytest.fixture
def gunicorn_logging_to_files(tmp_path):
    """The real gunicorn, writing its access log (every request line, with path and query) and
    its error log to files, on a database of its own."""
    with gunicorn_serving(tmp_path) as (port, access, errors):
        yield f"http://127.0.0.1:{port}", access, errors


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_it_keeps_the_token_out_of_gunicorns_access_log(gunicorn_logging_to_files):
    """A citizen asks to be contacted, opens the receipt's withdrawal link and withdraws,
    against the real gunicorn: its access log holds each of those requests, never the token."""
    url, access, errors = gunicorn_logging_to_files
    browser = build_opener(HTTPCookieProcessor(CookieJar()))

    def send(path, data=None):
        body = urlencode(data).encode() if data is not None else None
        try:
            with browser.open(url + path, body, timeout=30) as response:
                return response.status, response.read().decode()
        except HTTPError as error:  # 404 for a wrong code is an answer too
            return error.code, error.read().decode()

    status, form = send("/faellesskab/kontakt/")
    assert status == 200
    status, thanks = send("/faellesskab/kontakt/", {
        "csrfmiddlewaretoken": _csrf(form), "client_reference": str(uuid.uuid4()),
        "name": "Lis", "phone": "12345678", "language": "da", "age_band": "45-59",
        "consent": "on",
    })  # fmt: skip
    assert status == 200, thanks
    link = urlsplit(re.search(r'id="withdrawal-link" href="([^"]+)"', thanks).group(1))
    token = link.fragment.removeprefix("kode=")
    assert len(token) >= 20, link

    # what the browser sends for the link: the address without what follows "#"
    status, page = send(link.path + ("?" + link.query if link.query else ""))
    assert status == 200 and 'name="code"' in page
    wrong, _page = send(link.path, {"csrfmiddlewaretoken": _csrf(page), "code": "x" + token})
    status, done = send(link.path, {"csrfmiddlewaretoken": _csrf(page), "code": token})
    assert (wrong, status) == (404, 200) and 'role="status"' in done, done
    probe = uuid.uuid4().hex  # the log keeps queries: a token in one would be seen
    send(f"/faellesskab/tilbagekald/?probe={probe}")

    log = wait_for(
        lambda: probe in access.read_text() and access.read_text(),
        what=f"the probe in {access}",
    )
    assert f"POST {link.path} " in log and "POST /faellesskab/kontakt/ " in log, log
    assert token not in log
    assert token not in errors.read_text()
