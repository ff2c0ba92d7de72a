"""Issue 20 (3): the printed guide in Arabic. The group labels are translated, the page is right
to left, and what the initiatives wrote themselves (Danish) keeps its own direction, so its full
stop stays at its end ("Kom kvart i fem.", not ".Kom kvart i fem")."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.utils import translation

from brobygger.directory import pdf, printing
from brobygger.directory.models import Initiative

pytestmark = pytest.mark.django_db
BASE = "https://brobygger.example"
SUMMARY = "Kom kvart i fem. Vi drikker kaffe."
STEP = "Ring og sig, at du kommer."


@pytest.fixture
def described(seeded):
    """Café Vita with a Danish summary and first step, as an editor writes them."""
    Initiative.objects.filter(name="Café Vita").update(
        description=SUMMARY, application_process=STEP
    )


def _guide(language: str) -> tuple[printing.GuideSelection, str]:
    with translation.override(language):
        selection = printing.pocket_guide_select(
            audience="adults_30_64", base_url=BASE, include_unconfirmed=True
        )
    return selection, pdf.pocket_guide_html(selection, base_url=BASE, language=language)


def test_it_prints_the_group_labels_in_arabic(seeded):
    selection, html = _guide("ar")
    assert selection.audience_label == "البالغون (30-64)"  # "Adults (30-64)"
    assert "Voksne" not in html
    assert any("البالغون (30-64)" in entry.who for entry in selection.entries)


def test_a_danish_guide_keeps_the_danish_labels(seeded):
    selection, _html = _guide("da")
    assert selection.audience_label == "Voksne (30-64 år)"


def test_it_isolates_the_initiatives_danish_text_on_a_right_to_left_page(described):
    _selection, html = _guide("ar")
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    # Danish on an Arabic page: its direction and its language (issue 23: lang on passages)
    assert '<h2 dir="ltr" lang="da">Café Vita</h2>' in html
    assert f'<p dir="ltr" lang="da">{SUMMARY}</p>' in html
    assert f'<bdi dir="ltr" lang="da">{STEP}</bdi>' in html
    assert "bdi, [dir] { unicode-bidi: isolate; }" in html  # WeasyPrint honours the isolation


def test_a_danish_guide_marks_its_danish_text_left_to_right_too(described):
    _selection, html = _guide("da")
    assert re.search(r'<html lang="da" dir="ltr">', html)
    assert f'<p dir="ltr">{SUMMARY}</p>' in html


def test_a_danish_sentence_keeps_its_full_stop_at_its_end_in_the_arabic_pdf(described, tmp_path):
    _selection, html = _guide("ar")
    path = tmp_path / "ar.pdf"
    path.write_bytes(pdf.to_pdf(html))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert SUMMARY in flat and STEP in flat
    assert ".Kom kvart i fem" not in flat and ".Ring og sig" not in flat
