"""Finding 6: demo cases must stay out of every real figure and export (dashboard, research CSV,
API, staff list, the broker's queue, contact pages), be shown only in an explicitly labelled demo
view in demo mode, and never be created when DEBUG is off."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from brobygger.cli import app
from brobygger.referrals import demo, services
from brobygger.referrals.models import Case
from tests.referrals.conftest import citizen, client, people2, scenario  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_demo(scenario):  # noqa: F811
    """The scenario's two real cases plus a demo case in the same arena, referred on to the
    same initiative (as if demo data had been made on this database)."""
    people = scenario["people"]
    dora, _ = services.referral_submit(
        user=people["staff"],
        arena=scenario["jobcenter"],
        citizen_fields=citizen("Demo Dora"),
        consent=services.ConsentGiven(),
    )
    services.initiative_refer(
        case=dora, initiative=scenario["to_ventilen"].initiative, user=people["broker"]
    )
    Case.all_rows.filter(pk=dora.pk).update(is_demo=True)
    return {**scenario, "dora": Case.all_rows.get(pk=dora.pk)}


def test_it_leaves_demo_cases_out_of_every_real_figure_and_list(with_demo, client):  # noqa: F811
    people, dora = with_demo["people"], with_demo["dora"]
    client.force_login(people["analyst"])
    assert 'data-step="referred">2<' in client.get("/evaluering/").content.decode()
    assert 'data-step="referred">2<' in client.get("/evaluering/?demo=1").content.decode()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/evaluering/forloeb.csv").content.decode("utf-8-sig"))
        )
    )
    assert len(rows) == 2
    funnel = client.get("/api/v1/referrals/evaluation/funnel").json()
    assert sum(row["referred"] for row in funnel) == 2
    client.force_login(people["staff"])
    assert dora.pseudonym not in client.get("/henvisninger/").content.decode()
    assert str(dora.pk) not in client.get("/api/v1/referrals/").content.decode()
    client.force_login(people["broker"])
    assert "Demo Dora" not in client.get("/formidler/").content.decode()
    assert "Demo Dora" not in client.get("/api/v1/referrals/cases").content.decode()
    client.force_login(people["editor"])
    assert "Demo Dora" not in client.get("/tilbud/henvisninger/").content.decode()
    assert "Demo Dora" not in client.get("/api/v1/referrals/initiative-referrals").content.decode()


def test_it_refuses_to_make_demo_data_when_debug_is_off(people, settings):
    settings.DEBUG = False
    with pytest.raises(demo.DemoModeOff):
        demo.demo_create(seed=1)
    result = CliRunner().invoke(app, ["referrals", "demo"])
    assert result.exit_code == 2, result.output
    assert not Case.all_rows.filter(is_demo=True).exists()


def test_it_shows_demo_data_only_in_the_labelled_demo_view(with_demo, client, settings):  # noqa: F811
    settings.DEBUG = True  # demo mode: DEBUG on and SQLite
    if not demo.demo_mode():
        pytest.skip("demo mode needs SQLite")
    client.force_login(with_demo["people"]["analyst"])
    real = client.get("/evaluering/").content.decode()
    assert 'data-step="referred">2<' in real and 'id="demo-label"' not in real
    shown = client.get("/evaluering/?demo=1").content.decode()
    assert 'id="demo-label"' in shown and 'data-step="referred">1<' in shown
