"""The one helper every PDF goes through (brobygger.lib.pdf): PDF/UA-1 or a clear refusal."""

from __future__ import annotations

import pytest

from brobygger.lib.pdf import PdfError, html_to_pdf, render_pdf, title_and_lang
from tests.pdf.structure import assert_accessible, read

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">
<title>{title}</title></head><body><h1>Fællesskaber</h1>
<p>Kom og vær med.</p></body></html>"""


def test_it_reads_the_title_and_language_the_document_declares():
    html = PAGE.format(lang="da", title="Vejviser &amp;\n  venner")
    assert title_and_lang(html) == ("Vejviser & venner", "da")
    assert title_and_lang("<p>no head</p>") == ("", "")


def test_it_makes_a_tagged_pdf_ua_with_the_given_title_and_language(tmp_path):
    html = PAGE.format(lang="da", title="Ignored")
    pdf = render_pdf(html, title="Kvittering ABC", lang="en", base_url=str(tmp_path))
    assert_accessible(read(pdf, tmp_path), title="Kvittering ABC", lang="en")


def test_it_takes_the_documents_own_title_and_language(tmp_path):
    pdf = html_to_pdf(PAGE.format(lang="da", title="Det sker nær dig"), base_url=str(tmp_path))
    assert_accessible(read(pdf, tmp_path), title="Det sker nær dig", lang="da")


@pytest.mark.parametrize(
    ("lang", "title", "field"), [("da", "", "title"), ("", "Vejviser", "lang")]
)
def test_it_refuses_a_document_without_title_or_language(tmp_path, lang, title, field):
    with pytest.raises(PdfError, match=rf"^{field}: an accessible PDF needs"):
        html_to_pdf(PAGE.format(lang=lang, title=title), base_url=str(tmp_path))


def test_the_pdf_tests_see_what_weasyprint_logs_as_an_error(tmp_path, caplog):
    """The check in conftest.py can fail: an image without alternative text is logged."""
    image = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    html = PAGE.format(lang="da", title="Figur").replace(
        "</body>", f'<img src="{image}" width="10"></body>'
    )
    render_pdf(html, title="Figur", lang="da", base_url=str(tmp_path))
    logged = [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= 40]
    assert any("alt" in r.getMessage() for r in logged)
    caplog.clear()  # this test made the error on purpose
