"""The analysts' upload page: its own URL, a codebook template that parses once filled in,
and a bad codebook refused at once with a message in the reader's language."""

from __future__ import annotations

import re
from html import unescape

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from brobygger.insights.codebook_template import PLACEHOLDER
from brobygger.insights.models import AnalysisRun
from brobygger.survey.codebook import parse_codebook
from brobygger.survey.prepare import prepare
from brobygger.survey.synth import synthesize

# The synthetic survey's columns for each placeholder of the template.
FILLED = {
    "survey": "Syntetisk test",
    "vaegt": "vaegt", "weight": "vaegt",
    "ensom1": "ils1", "ensom2": "ils2", "ensom3": "ils3",
    "lonely1": "ils1", "lonely2": "ils2", "lonely3": "ils3",
    "alder": "alder", "age": "alder",
    "koen": "sex", "sex": "sex",
    "samliv": "cohabitation", "cohabitation": "cohabitation",
}  # fmt: skip


def _fill(text: str) -> str:
    text = re.sub(r'"FILL_IN_[^"]*"', '"Syntetisk test"', text)
    return re.sub(r"FILL_IN_(\w+)", lambda m: FILLED[m.group(1)], text)


@pytest.fixture
def analyst(client, people):
    client.force_login(people["analyst"])
    return client


def _upload(client, codebook: bytes, name="codebook.yaml"):
    return client.post(
        "/indsigt/analyser/",
        {
            "data_file": SimpleUploadedFile("data.csv", b"a,b\n1,2\n", content_type="text/csv"),
            "codebook_file": SimpleUploadedFile(name, codebook),
            "language": "da",
        },
    )


def test_the_upload_page_has_its_own_url_and_the_template_link(analyst):
    response = analyst.get("/indsigt/analyser/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and 'enctype="multipart/form-data"' in html
    assert 'href="/indsigt/analyser/kodebog.yaml"' in html


@pytest.mark.parametrize("role", ["anonymous", "citizen", "staff", "broker", "editor"])
def test_others_cannot_open_the_upload_page_or_the_template(client, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    expected = 302 if role == "anonymous" else 403
    assert client.get("/indsigt/analyser/").status_code == expected
    assert client.get("/indsigt/analyser/kodebog.yaml").status_code == expected


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_codebook_template_parses_and_reads_the_survey_once_filled(
    analyst, settings, tmp_path, language
):
    analyst.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = analyst.get("/indsigt/analyser/kodebog.yaml")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert PLACEHOLDER in text and text.lstrip().startswith("#")
    codebook = parse_codebook(yaml.safe_load(_fill(text)), "kodebog.yaml")
    assert [c.name for c in codebook.covariates] == ["sex", "cohabitation"]
    data_path, _codebook_path = synthesize().write(tmp_path)
    data = prepare(codebook, data_path)  # every column and code of the template fits the data
    assert data.n > 5000 and int(data.scored.sum()) > 5000


def test_an_unfilled_template_is_refused_naming_its_line(analyst):
    text = analyst.get("/indsigt/analyser/kodebog.yaml").content
    response = _upload(analyst, text)
    assert response.status_code == 400
    line = next(
        number
        for number, content in enumerate(text.decode().splitlines(), 1)
        if "FILL_IN_" in content.split("#")[0]
    )
    # the page is Danish by default: the engine's English message, translated, names the line
    assert f"codebook.yaml, linje {line}:" in unescape(response.content.decode())
    assert not AnalysisRun.objects.exists()


def test_a_bad_codebook_is_refused_at_once_in_english(analyst, settings):
    analyst.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = _upload(analyst, b"survey: x\ndesign: {}\n")
    assert response.status_code == 400
    html = unescape(response.content.decode())
    errors = html[html.index('id="codebook_file-errors"') :]
    assert "codebook.yaml: the required codebook key design.weight is missing." in errors
    assert "required key is missing" not in html  # the engine's own line is said again
    assert not AnalysisRun.objects.exists()


def test_a_bad_codebook_is_refused_in_the_active_language_keeping_the_key(analyst):
    """Danish is the default: the message is the translated one (the English line of the
    engine is not shown), and the file name and key path are kept exactly."""
    response = _upload(analyst, b"survey: x\ndesign: {weigth: w}\n", name="min kodebog.yaml")
    html = unescape(response.content.decode())
    assert response.status_code == 400 and response["Content-Language"] == "da"
    errors = html[html.index('id="codebook_file-errors"') :]
    assert "min_kodebog.yaml" in errors and "design.weigth" in errors and "weight" in errors
    assert "unknown key (did you mean" not in errors
    assert not AnalysisRun.objects.exists()
