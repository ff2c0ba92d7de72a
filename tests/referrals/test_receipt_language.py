"""Issue 20 (3): the receipt is the citizen's, so it is in the citizen's preferred language: a
citizen who chose Arabic gets an Arabic receipt (the preview on the staff page, the A6 PDF, the
text message and the e-mail), right to left, while the staff page around it stays Danish and
names the language in Danish ("arabisk")."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
from django.core import mail

from brobygger.core import sms
from brobygger.referrals import receipt
from brobygger.referrals.models import Case

pytestmark = pytest.mark.django_db
PHONE = "87 13 00 00"


@pytest.fixture(autouse=True)
def _setup(settings):
    settings.BROKER_PHONE = PHONE
    settings.BROKER_NAME = "Fællesskabsformidleren"
    settings.SITE_URL = "http://site-url.example:9000"
    sms.outbox.clear()


def _refer(client, people2, *, language: str, name: str = "Amal") -> Case:
    arena = people2["staff"].arena_memberships.get().arena
    client.force_login(people2["staff"])
    body = {"client_reference": str(uuid.uuid4()), "name": name, "phone": "12345678",
            "language": language, "age_band": "45-59", "arena": arena.pk,
            "consent": "on", "consent_given_by": "citizen", "consent_method": "oral"}  # fmt: skip
    assert client.post("/henvis/", body).status_code == 200
    return Case.objects.get(citizen__name=name)


def _pdf_text(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return text.stdout, info.stdout


def test_the_staff_page_stays_danish_and_previews_the_receipt_in_arabic(people2, client):
    case = _refer(client, people2, language="ar")
    html = client.get(f"/henvisninger/{case.pk}/kvittering/").content.decode()
    assert re.search(r'<html lang="da" dir="ltr">', html)
    card = re.search(
        r'<div class="receipt-card" id="receipt-card" ([^>]*)>(.*?)</div>\s*</section>', html, re.S
    )
    assert card[1] == 'lang="ar" dir="rtl"'
    assert "تمت إحالتك إلى وسيط المجتمع" in card[2]  # "You are referred to the community broker"
    assert f'<bdi dir="ltr">{PHONE}</bdi>' in card[2]  # the digits keep their order
    assert "arabisk" in re.search(r'id="receipt-language">([^<]*)<', html)[1].lower()


def test_a_danish_citizen_gets_a_danish_preview(people2, client):
    case = _refer(client, people2, language="da", name="Ole")
    html = client.get(f"/henvisninger/{case.pk}/kvittering/").content.decode()
    card = re.search(r'<div class="receipt-card" id="receipt-card" ([^>]*)>', html)
    assert card[1] == 'lang="da" dir="ltr"'
    assert "Du er henvist til fællesskabsformidleren" in html


def test_the_pdf_is_arabic_right_to_left_on_one_a6_page(people2, client, tmp_path):
    case = _refer(client, people2, language="ar")
    response = client.get(f"/henvisninger/{case.pk}/kvittering.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text, info = _pdf_text(response.content, tmp_path)
    assert re.search(r"Pages:\s+1\b", info)
    flat = " ".join(text.split())
    assert "مرجعك" in flat  # "Your reference"
    assert case.pseudonym in flat and PHONE in flat  # the reference and the phone, in order
    assert "Du er henvist" not in flat


def test_the_receipt_of_an_arabic_citizen_is_right_to_left_and_a_draft(people2, client):
    case = _refer(client, people2, language="ar")
    context = receipt.receipt_context(case, base_url="http://site.example")
    assert (context["language"], context["direction"]) == ("ar", "rtl")
    assert context["draft_translation"] is True


def test_the_text_message_and_the_e_mail_are_in_arabic(people2, client):
    case = _refer(client, people2, language="ar")
    url = f"/henvisninger/{case.pk}/kvittering/send/"
    client.post(url, {"channel": "sms", "to": "22 33 44 55"})
    assert "لسحب موافقتك" in sms.outbox[-1].body  # "To withdraw your consent"
    client.post(url, {"channel": "email", "to": "amal@example.net"})
    assert mail.outbox[-1].subject == "إيصالك من وسيط المجتمع"
    assert "لقد وافقت على أن يتواصل معك وسيط المجتمع" in mail.outbox[-1].body


def test_a_language_without_a_catalogue_gets_a_danish_receipt(people2, client):
    case = _refer(client, people2, language="pl", name="Ola")
    client.post(f"/henvisninger/{case.pk}/kvittering/send/", {"channel": "sms", "to": "22334455"})
    assert f"Din reference: {case.pseudonym}" in sms.outbox[-1].body
