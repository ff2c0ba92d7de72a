"""Insight pages: the public synthetic analysis, and analysts' uploads run in the background."""

from __future__ import annotations

from html import unescape

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from brobygger.insights import services
from brobygger.insights.models import AnalysisRun
from brobygger.insights.rules import PERMISSIONS
from tests.accounts.otp_helpers import mark_verified
from tests.conftest import ROLES

CASE = "r-survey/loneliness-case"
MAY_UPLOAD = {"analyst", "administrator"}


def _upload(client, reference, data_bytes=None):
    """Post a survey and its codebook. The upload queues its task on commit, which a test
    transaction never reaches, so the captured callbacks run as the request ends."""
    data = data_bytes or (reference / CASE / "data.csv").read_bytes()
    with TestCase.captureOnCommitCallbacks(execute=True):
        return _post(client, reference, data)


def _post(client, reference, data):
    return client.post(
        "/indsigt/analyser/",
        {
            "data_file": SimpleUploadedFile("data.csv", data, content_type="text/csv"),
            "codebook_file": SimpleUploadedFile(
                "codebook.yaml", (reference / CASE / "codebook.yaml").read_bytes()
            ),
            "language": "da",
        },
    )


@pytest.mark.parametrize("role", ROLES)
def test_it_grants_insight_permissions_by_role(everyone, role):
    user = everyone[role] or AnonymousUser()
    assert rules.has_perm("insights.view_synthetic", user)
    assert rules.has_perm("insights.view_coverage", user)
    assert rules.has_perm("insights.upload_survey", user) is (role in MAY_UPLOAD)
    assert rules.has_perm("insights.view_run", user) is (role in MAY_UPLOAD)
    assert set(PERMISSIONS) == {
        "insights.view_synthetic",
        "insights.view_coverage",
        "insights.upload_survey",
        "insights.view_run",
    }


def test_the_public_page_says_when_the_synthetic_analysis_is_not_ready(client, db):
    page = client.get("/indsigt/").content.decode()
    assert "syntetiske data" in page.lower()
    assert "forberedes" in page


def test_the_tables_page_shows_the_synthetic_tables(client, db, settings, demo_home):
    settings.INSIGHTS_DIR = demo_home
    page = client.get("/indsigt/tabeller/").content.decode()
    assert "Tabel 2" in page and "Risikogrupper" in page
    # the figure is an image, not inline SVG with <style> and style="", which the CSP blocks
    assert (
        '<img class="report-figure" src="/indsigt/syntetisk/da/figure1.svg" alt="Figur 1.' in page
    )
    assert "<svg" not in page and "<style" not in page and 'style="' not in page
    figure = client.get("/indsigt/syntetisk/da/figure1.svg")
    assert figure.status_code == 200 and figure["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(figure.streaming_content)
    assert client.get("/indsigt/syntetisk/da/comparison.csv").status_code == 200
    assert client.get("/indsigt/syntetisk/da/../../etc/passwd").status_code == 404


def test_an_analyst_uploads_and_gets_the_tables(client, people, reference, settings):
    client.force_login(people["analyst"])
    response = _upload(client, reference)
    run = AnalysisRun.objects.get()
    assert response.status_code == 302 and str(run.pk) in response["Location"]
    assert run.status == AnalysisRun.Status.DONE and run.progress == 100
    page = client.get(f"/indsigt/analyser/{run.pk}/").content.decode()
    assert "Tabel 2" in page
    assert f'src="/indsigt/analyser/{run.pk}/figure1.svg"' in page and "<svg" not in page
    assert client.get(f"/indsigt/analyser/{run.pk}/table2.csv").status_code == 200
    figure = client.get(f"/indsigt/analyser/{run.pk}/figure1.svg")
    assert figure.status_code == 200 and figure["Content-Type"] == "image/svg+xml"
    assert not services.uploads_dir(run).exists()  # the raw survey is not kept


def test_a_failing_file_shows_the_engines_error_and_stores_nothing(
    client, people, reference, settings
):
    client.force_login(people["analyst"])
    lines = (reference / CASE / "data.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = lines[5].split(",")
    row[header.index("udd")] = "7"
    lines[5] = ",".join(row)
    _upload(client, reference, ("\n".join(lines) + "\n").encode())
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisRun.Status.FAILED
    assert run.error.startswith("data.csv: column 'udd'")
    assert "unknown code 7" in run.error
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = unescape(client.get(f"/indsigt/analyser/{run.pk}/").content.decode())
    assert "data.csv, row 5, column “udd” (covariates[" in page  # said again, names kept
    assert "unknown code 7; the codebook's covariates[" in page
    assert not services.results_dir(run).exists()
    assert not services.results_dir(run).with_name(f"{run.pk}.partial").exists()
    assert not services.uploads_dir(run).exists()
    assert client.get(f"/indsigt/analyser/{run.pk}/table2.csv").status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "citizen", "staff", "broker", "editor"])
def test_others_cannot_upload_or_see_results(client, people, reference, role):
    client.force_login(people["analyst"])
    _upload(client, reference)
    run = AnalysisRun.objects.get()
    client.logout()
    if people[role] is not None:
        client.force_login(people[role])
        mark_verified(client, people[role])  # a broker past the second factor: still refused
    expected = 302 if role == "anonymous" else 403
    assert client.get(f"/indsigt/analyser/{run.pk}/").status_code == expected
    assert client.get(f"/indsigt/analyser/{run.pk}/table2.csv").status_code == expected
    assert client.get(f"/indsigt/analyser/{run.pk}/figure1.svg").status_code == expected
    assert _upload(client, reference).status_code == expected
    assert AnalysisRun.objects.count() == 1


def test_it_refuses_a_file_type_it_cannot_read(client, people, reference):
    client.force_login(people["analyst"])
    response = client.post(
        "/indsigt/analyser/",
        {
            "data_file": SimpleUploadedFile("survey.exe", b"MZ"),
            "codebook_file": SimpleUploadedFile("codebook.yaml", b"survey: x"),
            "language": "da",
        },
    )
    assert response.status_code == 400
    assert "survey.exe" in response.content.decode()
    assert not AnalysisRun.objects.exists()
