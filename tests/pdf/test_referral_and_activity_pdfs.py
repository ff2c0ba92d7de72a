"""The receipt and "Det sker nær dig" (issue 23): tagged PDF/UA-1, read back with pikepdf."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from brobygger.activities.printing import nearby_html, nearby_pdf
from brobygger.referrals import services
from brobygger.referrals.receipt import receipt_pdf
from tests.pdf.structure import assert_accessible, assert_qr_targets_printed, read
from tests.referrals.conftest import citizen

pytestmark = pytest.mark.django_db
SITE = "https://brobygger.example"


@pytest.fixture
def case(people):
    arena = people["staff"].arena_memberships.get().arena
    made, _created = services.referral_submit(
        user=people["staff"],
        arena=arena,
        citizen_fields=citizen("Anna Andersen"),
        consent=services.ConsentGiven(outcome=True),
    )
    return made


def test_it_makes_the_receipt_an_accessible_pdf(case, settings, tmp_path):
    settings.BROKER_PHONE = "87 13 00 00"
    report = read(receipt_pdf(case, base_url=SITE), tmp_path)
    assert_accessible(report, title=f"Kvittering {case.pseudonym}", lang="da")
    assert report.heading_levels() == [1]
    [qr] = report.figures()
    page = f"{SITE}/faellesskab/tilbagekald/"
    # the code leads to the withdrawal page: its alternative text names the page, which is
    # printed beside it with the code (the code itself is not repeated in the alternative text)
    assert qr.alt.startswith("QR") and page in qr.alt
    assert page in report.text
    code = re.search(r"Kode:([\w-]{8,})Udskrevet", report.text)
    assert code, report.text
    assert code.group(1) not in qr.alt and "kode=" not in qr.alt


def test_it_makes_the_receipt_in_english_for_an_english_citizen(case, tmp_path):
    case.citizen.language = "en"
    case.citizen.save()
    report = read(receipt_pdf(case, base_url=SITE), tmp_path)
    assert_accessible(report, title=f"Receipt {case.pseudonym}", lang="en")
    [qr] = report.figures()
    assert qr.alt.startswith("QR code linking to the page where you withdraw your consent")


def test_it_makes_the_week_near_you_an_accessible_pdf(make_activity, tmp_path):
    first = make_activity(title="Kaffe i Mejlgade")
    make_activity(title="Strikkeklub")
    day = timezone.localtime(first.starts_at).date()
    report = read(nearby_pdf(postcode="8000", start=day, base_url=SITE), tmp_path)
    assert_accessible(report, title="Det sker nær dig", lang="da")
    assert report.heading_levels() == [1, 2, 2]
    assert_qr_targets_printed(report, expected=2)
    assert f"{SITE}/aktiviteter/{first.pk}/" in "\n".join(f.alt for f in report.figures())


def test_it_marks_the_activities_danish_text_on_an_english_week(make_activity, tmp_path):
    first = make_activity(title="Kaffe i Mejlgade")
    day = timezone.localtime(first.starts_at).date()
    report = read(nearby_pdf(postcode="8000", start=day, base_url=SITE, language="en"), tmp_path)
    assert_accessible(report, title="What's on near you", lang="en")
    assert_qr_targets_printed(report, expected=1)
    html = nearby_html(postcode="8000", start=day, base_url=SITE, language="en")
    assert '<h2 lang="da">Kaffe i Mejlgade</h2>' in html
