"""Finding 1: only http(s) links enter the directory, and a stored bad one is never a live link."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from brobygger.cli import app
from brobygger.directory import services
from brobygger.directory.hsds.importer import HSDSImportError, hsds_import
from brobygger.directory.models import Initiative, Location, Phone

EVIL = "javascript:fetch('/formidler/').then(r=>r.text())"


def _patch(client, initiative, body):
    return client.patch(
        f"/api/v1/directory/initiatives/{initiative.pk}",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.parametrize("url", [EVIL, "JavaScript:alert(1)", "data:text/html,x", "ftp://x.dk/"])
def test_it_refuses_a_non_web_url_through_the_api(client, people, ventilen, url):
    client.force_login(people["editor"])
    response = _patch(client, ventilen, {"url": url})
    assert response.status_code == 400, response.content
    assert "url" in response.content.decode()
    ventilen.refresh_from_db()
    assert ventilen.url == ""


def test_it_accepts_a_web_url_through_the_api(client, people, ventilen):
    client.force_login(people["editor"])
    response = _patch(client, ventilen, {"url": "https://ventilen.dk/aarhus"})
    assert response.status_code == 200, response.content
    ventilen.refresh_from_db()
    assert ventilen.url == "https://ventilen.dk/aarhus"


@pytest.mark.parametrize("email", ["not-an-e-mail", "a@b", "<script>@x.dk"])
def test_it_refuses_a_bad_email_through_the_api(client, people, ventilen, email):
    client.force_login(people["editor"])
    response = _patch(client, ventilen, {"email": email})
    assert response.status_code == 400, response.content
    ventilen.refresh_from_db()
    assert ventilen.email == ""


def _edit_data(**overrides):
    data = {"name": "Ventilen", "status": "published"}
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [("url", EVIL), ("url", "ftp://ventilen.dk/"), ("phone", "javascript:alert(1)")],
)
def test_it_refuses_a_bad_link_on_the_edit_page(client, people, ventilen, field, value):
    client.force_login(people["editor"])
    response = client.post(f"/tilbud/{ventilen.pk}/rediger/", _edit_data(**{field: value}))
    assert response.status_code == 200  # the form again, with the error
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert not Phone.objects.filter(initiative=ventilen).exists()
    ventilen.refresh_from_db()
    assert ventilen.url == ""


@pytest.mark.parametrize(
    ("fields", "details", "named"),
    [
        ({"url": EVIL}, None, "url"),
        ({"email": "nobody"}, None, "email"),
        ({}, {"phone": "<a href=x>"}, "phone"),
    ],
)
def test_the_service_layer_refuses_bad_links_naming_the_field(
    people, ventilen, fields, details, named
):
    with pytest.raises(services.DirectoryError, match=named):
        services.initiative_update(
            initiative=ventilen, user=people["editor"], fields=fields, details=details
        )
    ventilen.refresh_from_db()
    assert ventilen.url == "" and ventilen.email == ""


def test_the_model_validates_the_scheme(ventilen):
    from django.core.exceptions import ValidationError

    ventilen.url = "ftp://ventilen.dk/"
    with pytest.raises(ValidationError) as err:
        ventilen.full_clean()
    assert "url" in err.value.message_dict


@pytest.fixture
def stored_evil(ventilen):
    """Values stored before validation existed (or written around it)."""
    Initiative.objects.filter(pk=ventilen.pk).update(url=EVIL, email="javascript:alert(1)")
    Phone.objects.create(initiative=ventilen, number="javascript:alert(2)")
    location = Location.objects.create(url=EVIL, name="Huset", postal_code="8000")
    ventilen.service_at_locations.create(location=location)
    return ventilen


def test_it_never_renders_a_stored_non_web_url_as_a_link(client, stored_evil):
    body = client.get(f"/tilbud/{stored_evil.pk}/").content.decode()
    assert 'href="javascript' not in body.lower()
    assert "javascript:" not in body.lower()


def test_it_keeps_a_stored_web_url_a_link(client, ventilen):
    Initiative.objects.filter(pk=ventilen.pk).update(url="https://ventilen.dk/")
    body = client.get(f"/tilbud/{ventilen.pk}/").content.decode()
    assert 'href="https://ventilen.dk/"' in body


def test_the_hsds_export_does_not_pass_on_a_stored_non_web_url(client, stored_evil):
    service = client.get(f"/hsds/services/{stored_evil.pk}").json()
    assert "javascript" not in json.dumps(service).lower()


def test_the_printed_guide_does_not_show_a_stored_non_web_url(stored_evil):
    from brobygger.directory.printing import entry_for

    entry = entry_for(stored_evil)
    assert "javascript" not in " ".join(entry.first_step).lower()


def _service(url):
    return {
        "id": "2b1a4c1e-5e0e-4a51-9a0b-6a3c1d2e3f40",
        "name": "Strikkecafé",
        "status": "active",
        "url": url,
    }


def test_the_importer_refuses_a_non_web_url_naming_field_and_service(db):
    with pytest.raises(HSDSImportError) as err:
        hsds_import(_service("javascript:alert(1)"))
    assert "url" in str(err.value)
    assert "Strikkecafé" in str(err.value) or "2b1a4c1e" in str(err.value)
    assert not Initiative.objects.exists()


def test_directory_import_of_a_javascript_url_exits_2_naming_url(db, tmp_path):
    file = tmp_path / "evil.json"
    file.write_text(json.dumps(_service("javascript:alert(1)")), encoding="utf-8")
    result = CliRunner().invoke(app, ["directory", "import", str(file)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "url" in lines[0] and "evil.json" in lines[0], result.output
    assert not Initiative.objects.exists()
