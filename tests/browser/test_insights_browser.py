"""An analyst uploads the shipped synthetic survey in a real browser and reads Table 2;
an anonymous visitor cannot reach the results."""

from __future__ import annotations

from playwright.sync_api import expect

from brobygger.insights.models import AnalysisRun
from brobygger.survey.synth import synthesize
from tests.browser.conftest import axe_violations, log_in


def test_an_analyst_uploads_a_survey_and_sees_table_2(
    page, people, tmp_path, chromium, live_server
):
    data_path, codebook_path = synthesize().write(tmp_path / "synthetic")
    log_in(page, "analyst")
    page.goto("/indsigt/")
    page.get_by_label("Surveyfil").set_input_files(str(data_path))
    page.get_by_label("Kodebog (YAML)").set_input_files(str(codebook_path))
    page.get_by_role("button", name="Analysér").click()
    expect(page.get_by_role("heading", name="Tabel 2", exact=False)).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Risikogrupper for svær ensomhed")).to_be_visible()
    assert axe_violations(page) == []
    run = AnalysisRun.objects.get()
    assert run.status == AnalysisRun.Status.DONE

    anonymous = chromium.new_context(base_url=live_server.url)
    other = anonymous.new_page()
    other.goto(f"/indsigt/analyser/{run.pk}/")
    assert "/konto/log-ind/" in other.url
    expect(other.get_by_text("Tabel 2")).to_have_count(0)
    response = other.request.get(
        f"{live_server.url}/indsigt/analyser/{run.pk}/table2.csv", max_redirects=0
    )
    assert response.status == 302
    anonymous.close()
