"""The receipt (issue 12): the reference the staff list shows, the broker's phone, a QR code and
a short code to withdraw; an A6 PDF; sent once by e-mail or SMS without storing the address.
Links point at SITE_URL, whatever Host the request that made them had (issue 19, finding 11)."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
from django.core import mail

from brobygger.core import sms
from brobygger.referrals import services
from brobygger.referrals.models import Case, Citizen
from tests.referrals.codes import withdrawal_codes_of
from tests.referrals.conftest import citizen

pytestmark = pytest.mark.django_db
HOST = "brobygger.example.dk:8443"  # the Host header requests send: never in a link
SITE = "http://site-url.example:9000"


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "brobygger.example.dk", "testserver"]
    settings.BROKER_PHONE = "87 13 00 00"
    settings.BROKER_NAME = "Fællesskabsformidleren"
    settings.SITE_URL = "http://site-url.example:9000"
    sms.outbox.clear()


def _refer(client, people2, name="Ole"):
    arena = people2["staff"].arena_memberships.get().arena
    client.force_login(people2["staff"])
    body = {"client_reference": str(uuid.uuid4()), "name": name, "phone": "12345678",
            "language": "da", "age_band": "45-59", "arena": arena.pk,
            "consent": "on", "consent_given_by": "citizen", "consent_method": "oral"}  # fmt: skip
    page = client.post("/henvis/", body, HTTP_HOST=HOST)
    return Case.objects.get(citizen__name=name), page


def test_it_shows_the_reference_the_staff_list_shows_and_no_long_url(people2, client):
    case, page = _refer(client, people2)
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'id="receipt-reference">\s*' + case.pseudonym, html)
    listing = client.get("/henvisninger/").content.decode()
    assert case.pseudonym in listing
    assert "87 13 00 00" in html and "<svg" in html
    # the link is a short label, not the 60-character address as text
    link = re.search(r'id="withdrawal-link" href="([^"]+)">([^<]+)<', html)
    address, code = link.group(1).split("#kode=")
    assert address == f"{SITE}/faellesskab/tilbagekald/" and withdrawal_codes_of(case, code)
    assert "http" not in link.group(2)
    again = client.get(f"/henvisninger/{case.pk}/kvittering/", HTTP_HOST=HOST)
    assert again.status_code == 200 and case.pseudonym in again.content.decode()


def _pdf_text(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return text.stdout, info.stdout


def test_it_prints_an_a6_pdf_with_the_reference_phone_and_the_sites_withdrawal_page(
    people2, client, tmp_path
):
    case, _page = _refer(client, people2)
    response = client.get(f"/henvisninger/{case.pk}/kvittering.pdf", HTTP_HOST=HOST)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, info = _pdf_text(response.content, tmp_path)
    assert re.search(r"Pages:\s+1\b", info)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert (round(float(size.group(1))), round(float(size.group(2)))) == (298, 420)  # A6
    flat = " ".join(text.split())
    assert case.pseudonym in flat and "87 13 00 00" in flat
    joined = "".join(text.split())  # a long address or code may wrap
    assert "site-url.example:9000/faellesskab/tilbagekald/" in joined and HOST not in joined
    assert withdrawal_codes_of(case, flat)  # a code of this case, printed on one line


def test_only_staff_of_the_arena_print_it_and_only_while_consent_holds(people2, client):
    case, _page = _refer(client, people2)
    for who in ("other_staff", "broker", "editor"):
        client.force_login(people2[who])
        assert client.get(f"/henvisninger/{case.pk}/kvittering.pdf").status_code == 403, who
    client.logout()
    assert client.get(f"/henvisninger/{case.pk}/kvittering/").status_code in (302, 403)
    services.consent_withdraw(case=case)
    client.force_login(people2["staff"])
    assert client.get(f"/henvisninger/{case.pk}/kvittering/").status_code == 403


def test_it_sends_the_receipt_once_by_sms_and_by_email_without_storing_the_address(people2, client):
    case, _page = _refer(client, people2)
    url = f"/henvisninger/{case.pk}/kvittering/send/"
    sent = client.post(url, {"channel": "sms", "to": "22 33 44 55"}, HTTP_HOST=HOST)
    assert sent.status_code == 302
    assert [m.to for m in sms.outbox] == ["+4522334455"]
    assert case.pseudonym in sms.outbox[0].body
    assert f"{SITE}/faellesskab/tilbagekald/#kode=" in sms.outbox[0].body
    mail.outbox.clear()
    client.post(url, {"channel": "email", "to": "ole@example.net"}, HTTP_HOST=HOST)
    assert [m.to for m in mail.outbox] == [["ole@example.net"]]
    stored = Citizen.objects.get(pk=case.citizen_id)
    assert stored.email == "" and stored.phone == "12345678"
    bad = client.post(url, {"channel": "sms", "to": "ring mig"})
    assert bad.status_code == 400 and "to" in bad.context["send_form"].errors
    assert len(sms.outbox) == 1


def test_the_command_line_reminders_link_to_site_url(people2, settings):
    import datetime as dt

    from django.utils import timezone

    from brobygger.directory.models import Initiative

    arena = people2["staff"].arena_memberships.get().arena
    case, _ = services.referral_submit(
        user=people2["staff"], arena=arena, citizen_fields=citizen("Ida"),
        consent=services.ConsentGiven(),
    )  # fmt: skip
    earlier = timezone.now() - dt.timedelta(days=30)
    services.initiative_refer(
        case=case, initiative=Initiative.objects.get(name="Ventilen"), user=people2["broker"],
        now=earlier,
    )  # fmt: skip
    mail.outbox.clear()
    assert services.reminders_send() == 1
    assert "http://site-url.example:9000/tilbud/henvisninger/" in mail.outbox[0].body


def test_the_contact_persons_email_links_to_site_url_not_the_requests_host(people2, client):
    arena = people2["staff"].arena_memberships.get().arena
    case, _ = services.referral_submit(
        user=people2["staff"], arena=arena, citizen_fields=citizen("Ida"),
        consent=services.ConsentGiven(),
    )  # fmt: skip
    from brobygger.directory.models import Initiative

    ventilen = Initiative.objects.get(name="Ventilen")
    client.force_login(people2["broker"])
    mail.outbox.clear()
    response = client.post(
        f"/formidler/sag/{case.pk}/refer/", {"initiative": str(ventilen.pk)}, HTTP_HOST=HOST
    )
    assert response.status_code == 302
    to_editor = [m for m in mail.outbox if m.to == ["editor@example.org"]]
    assert f"{SITE}/tilbud/henvisninger/" in to_editor[0].body and HOST not in to_editor[0].body


def test_it_limits_how_many_receipts_one_address_sends(people2, client, monkeypatch):
    from django.core.cache import cache

    from brobygger.referrals.views import staff as views_receipt

    cache.clear()
    monkeypatch.setattr(views_receipt, "SEND_LIMIT", 2)
    case, _page = _refer(client, people2)
    url = f"/henvisninger/{case.pk}/kvittering/send/"
    statuses = [
        client.post(url, {"channel": "sms", "to": "22334455"}).status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429] and len(sms.outbox) == 2
    cache.clear()
