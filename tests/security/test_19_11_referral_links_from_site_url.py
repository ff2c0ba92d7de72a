"""Finding 11 (referrals): links in messages (e-mails to brokers and contact persons, the
citizen's receipt) are built from SITE_URL, never from the Host header of the request that
caused them."""

from __future__ import annotations

import re
import uuid

import pytest
from django.core import mail

from brobygger.referrals.models import Arena, Case
from tests.referrals.codes import fragment_code, withdrawal_codes_of

pytestmark = pytest.mark.django_db
EVIL = "evil.example"
SITE = "https://brobygger.aarhus.example"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.ALLOWED_HOSTS = ["*"]  # as behind a proxy that passes any Host on
    settings.SITE_URL = SITE


def test_it_links_the_brokers_email_to_site_url(client, people):
    arena = Arena.objects.get(name="Jobcenter Aarhus")
    client.force_login(people["staff"])
    body = {"client_reference": str(uuid.uuid4()), "name": "Ole", "phone": "12345678",
            "language": "da", "age_band": "45-59", "arena": arena.pk,
            "consent": "on", "consent_given_by": "citizen", "consent_method": "oral"}  # fmt: skip
    page = client.post("/henvis/", body, HTTP_HOST=EVIL)
    assert page.status_code == 200
    case = Case.objects.get(citizen__name="Ole")
    links = re.findall(r"https?://\S+", "\n".join(m.body for m in mail.outbox))
    assert links and all(link.startswith(f"{SITE}/") for link in links)
    html = page.content.decode()
    code = fragment_code(html)
    assert f'href="{SITE}/faellesskab/tilbagekald/#kode={code}"' in html
    assert withdrawal_codes_of(case, code)
    assert EVIL not in html.replace(f"//{EVIL}", "")  # the receipt's links


def test_it_links_the_api_referrals_emails_to_site_url(client, people):
    from brobygger.accounts.tokens import token_create

    arena = Arena.objects.get(name="Jobcenter Aarhus")
    token = token_create(user=people["staff"], name="t")
    payload = {
        "arena_id": str(arena.pk),
        "citizen": {"name": "Per", "phone": "12345678"},
        "consent": {"method": "written"},
    }
    response = client.post("/api/v1/referrals/", payload, content_type="application/json",
                           HTTP_HOST=EVIL, HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    assert response.status_code == 201
    links = re.findall(r"https?://\S+", "\n".join(m.body for m in mail.outbox))
    assert links and all(link.startswith(f"{SITE}/") for link in links)
