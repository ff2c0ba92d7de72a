"""The directory's PDFs (issue 23): the pocket guide "Vejviser", its large print, and the
personal list, each tagged PDF/UA-1 and read back through its structure tree."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import translation

from brobygger.directory import pdf, printing
from brobygger.directory.models import Initiative
from tests.pdf.structure import assert_accessible, assert_qr_targets_printed, read

pytestmark = pytest.mark.django_db
SITE = "https://brobygger.example"


def _guide(*, language="da", large_print=False):
    with translation.override(language):  # as the page selects: labels in the print's language
        selection = printing.pocket_guide_select(
            audience="adults_30_64", base_url=SITE, include_unconfirmed=True, limit=5
        )
    assert len(selection.entries) == 5
    html = pdf.pocket_guide_html(
        selection,
        base_url=SITE,
        language=language,
        large_print=large_print,
        printed_on=dt.date(2026, 12, 7),
    )
    return selection, html


def test_it_makes_the_pocket_guide_an_accessible_pdf_with_every_qr_target_printed(seeded, tmp_path):
    selection, html = _guide()
    report = read(pdf.to_pdf(html), tmp_path)
    assert_accessible(report, title="Vejviser til nye fællesskaber · Voksne (30-64 år)", lang="da")
    # one QR code on each initiative's card and one on the broker's card
    assert_qr_targets_printed(report, expected=len(selection.entries) + 1)
    assert report.heading_levels() == [1] + [2] * (len(selection.entries) + 1)
    assert f"{SITE}/tilbud/" in selection.entries[0].url
    assert "".join(selection.entries[0].url.split()) in report.text


def test_it_marks_the_initiatives_danish_text_on_an_english_large_print(seeded, tmp_path):
    selection, html = _guide(language="en", large_print=True)
    report = read(pdf.to_pdf(html), tmp_path)
    assert_accessible(report, title="Guide to new communities · Adults (30-64)", lang="en")
    assert_qr_targets_printed(report, expected=len(selection.entries) + 1)
    assert all(f.alt.startswith("QR code linking to https://") for f in report.figures())
    # the initiative's own (Danish) name is a passage in another language
    name = re.escape(selection.entries[0].name).replace("&", "&amp;")
    assert re.search(rf'<h2 dir="\w+" lang="da">{name}</h2>', html.replace("&#x27;", "'"))


def test_it_makes_the_personal_list_an_accessible_pdf(seeded, tmp_path):
    chosen = list(Initiative.objects.order_by("name").values_list("pk", flat=True)[:3])
    entries = printing.personal_list_entries(chosen, base_url=SITE)
    html = pdf.personal_list_html(entries, ids=[str(i) for i in chosen], note="Ring i morgen")
    report = read(pdf.to_pdf(html), tmp_path)
    assert_accessible(report, title="Fællesskaber til dig", lang="da")
    assert_qr_targets_printed(report, expected=3)
    assert report.heading_levels() == [1, 2, 2, 2]
