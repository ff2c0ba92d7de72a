"""The demo's example initiatives: complete, marked on every page and print, and never outside
demo mode (no page, selector, export, open-data API or print shows them then)."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from brobygger.directory import demo, printing, selectors
from brobygger.directory.hsds.importer import hsds_export
from brobygger.directory.models import Initiative, OrganizationMembership
from brobygger.directory.schedules import describe

needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="demo mode is the embedded SQLite default only"
)


@pytest.fixture
def demo_editor(django_user_model):
    return django_user_model.objects.create_user(
        username="demo-redaktoer", email="demo-redaktoer@example.org"
    )


@pytest.fixture
def examples(seeded, demo_editor):
    demo.examples_ensure(editor=demo_editor)
    return Initiative.objects.filter(is_example=True)


def test_it_makes_complete_marked_examples_and_leaves_the_real_ones_alone(examples, demo_editor):
    real_before = list(
        Initiative.objects.filter(is_example=False).values_list("description", "first_visit")
    )
    assert 4 <= examples.count() <= 5
    for initiative in examples:
        assert "(eksempel)" in initiative.name and "(eksempel)" in initiative.organization.name
        assert initiative.referral_contact == demo_editor
        assert OrganizationMembership.objects.filter(
            organization=initiative.organization, user=demo_editor
        ).exists()
        location = initiative.service_at_locations.get().location
        assert location.address_1 and len(location.postal_code) == 4 and location.city
        assert initiative.schedules.count() == 2 and all(
            describe(s) for s in initiative.schedules.all()
        )
        assert initiative.description and initiative.first_visit and initiative.minimum_age
        assert initiative.initiative_type and initiative.target_groups.exists()
        assert initiative.last_reviewed is not None
    assert demo.examples_ensure(editor=demo_editor) == 0  # idempotent
    assert Initiative.objects.filter(is_example=True).count() == examples.count()
    real_after = list(
        Initiative.objects.filter(is_example=False).values_list("description", "first_visit")
    )
    assert real_after == real_before and Initiative.objects.filter(is_example=False).count() == 40
    assert not Initiative.objects.filter(is_example=False, referral_contact=demo_editor).exists()


def test_demo_seed_does_nothing_outside_demo_mode(seeded, demo_editor, settings):
    settings.DEBUG = False
    assert demo.demo_seed() is None
    assert not Initiative.objects.filter(is_example=True).exists()


@needs_sqlite
def test_demo_seed_needs_the_demo_editor(seeded, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setattr(demo, "_demo_editor", lambda: None)
    assert demo.demo_seed() is None
    assert not Initiative.objects.filter(is_example=True).exists()


def test_examples_never_leave_demo_mode(client, people, examples, settings):
    settings.DEBUG = False
    example = examples.first()
    assert not selectors.public_initiatives().filter(is_example=True).exists()
    assert not selectors.real_initiatives().filter(is_example=True).exists()
    found = selectors.initiative_search(selectors.SearchParams(text="eksempel"))
    assert not found.exists()
    assert not selectors.stale_initiatives().filter(is_example=True).exists()
    assert not selectors.draft_initiatives().filter(is_example=True).exists()
    assert not any(i["name"].endswith("(eksempel)") for i in hsds_export())
    for url in (
        "/hsds/services?per_page=100",
        "/hsds/organizations?per_page=100",
        "/hsds/service_at_locations?per_page=100",
        "/api/v1/directory/initiatives?limit=200",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "eksempel" not in response.content.decode().lower(), url
    assert client.get(f"/hsds/services/{example.pk}").status_code == 404
    assert client.get(f"/tilbud/{example.pk}/").status_code in (302, 404)
    assert client.get("/tilbud/?q=eksempel").context["page"].paginator.count == 0
    listing = client.get("/tilbud/")
    assert listing.context["page"].paginator.count == 40
    assert "(eksempel)" not in listing.content.decode()
    selection = printing.pocket_guide_select(audience="elderly", base_url="http://x")
    assert not any(e.is_example for e in selection.entries)
    assert printing.personal_list_entries([str(example.pk)], base_url="http://x") == []
    client.force_login(people["administrator"])
    assert client.get(f"/tilbud/{example.pk}/").status_code == 404


@needs_sqlite
def test_in_demo_mode_the_examples_are_shown_marked_but_stay_out_of_open_data(
    client, people, examples, settings
):
    settings.DEBUG = True
    example = examples.first()
    page = client.get("/tilbud/?q=eksempel").content.decode()
    assert page.count('class="example-flag"') == examples.count()
    detail = client.get(f"/tilbud/{example.pk}/").content.decode()
    assert 'id="example-notice"' in detail
    services_page = json.loads(client.get("/hsds/services?per_page=100").content)
    assert not any("(eksempel)" in s["name"] for s in services_page["contents"])
    api = client.get("/api/v1/directory/initiatives?q=eksempel").json()
    assert api == []
    assert selectors.real_initiatives().filter(is_example=True).count() == 0
    selection = printing.pocket_guide_select(audience="elderly", base_url="http://x")
    assert any(e.is_example for e in selection.entries)
