"""Finding 9 (directory side): a Danish postcode is four digits wherever one enters, so no
formula (``=HYPERLINK(…)``) or other text reaches daekning.csv through it."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from brobygger.directory import services
from brobygger.directory.hsds.importer import HSDSImportError, hsds_import
from brobygger.directory.models import Initiative, Location, Suggestion

BAD = ['=HYPERLINK("http://x")', "800", "80000", "80 00", "abcd", "+4512", "８０００"]


@pytest.mark.parametrize("postcode", BAD)
def test_the_edit_page_refuses_a_postcode_that_is_not_four_digits(
    client, people, ventilen, postcode
):
    client.force_login(people["editor"])
    response = client.post(
        f"/tilbud/{ventilen.pk}/rediger/",
        {"name": "Ventilen", "status": "published", "postal_code": postcode, "city": "Aarhus"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("postal_code")
    assert not ventilen.service_at_locations.exists()


@pytest.mark.parametrize("postcode", ["=1+1", "12345"])
def test_the_service_layer_refuses_it_naming_the_field(people, ventilen, postcode):
    with pytest.raises(services.DirectoryError, match="postal_code"):
        services.initiative_update(
            initiative=ventilen,
            user=people["editor"],
            fields={},
            details={"postal_code": postcode, "city": "Aarhus"},
        )
    assert not ventilen.service_at_locations.exists()


def test_the_suggestion_form_refuses_it(client, seeded):
    response = client.post(
        "/foreslaa/",
        {"name": "Strikkecafé", "description": "Vi strikker.", "postal_code": "=2+5"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("postal_code")
    assert not Suggestion.objects.exists()


def test_the_api_refuses_it(client, people, seeded):
    client.force_login(people["citizen"])
    response = client.post(
        "/api/v1/directory/suggestions",
        data=json.dumps({"name": "x", "description": "y", "postal_code": "-1+9"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_the_models_validate_it(db):
    with pytest.raises(ValidationError) as err:
        Location(name="Huset", postal_code="@SUM(1)", country="DK").full_clean()
    assert "postal_code" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        Suggestion(name="x", description="y", postal_code="123").full_clean()
    assert "postal_code" in err.value.message_dict
    Location(name="Huset", postal_code="8000", country="DK").full_clean()


def test_the_importer_refuses_a_danish_address_without_a_four_digit_postcode(db):
    service = {
        "id": "2b1a4c1e-5e0e-4a51-9a0b-6a3c1d2e3f41",
        "name": "Strikkecafé",
        "status": "active",
        "service_at_locations": [
            {
                "id": "2b1a4c1e-5e0e-4a51-9a0b-6a3c1d2e3f42",
                "location": {
                    "id": "2b1a4c1e-5e0e-4a51-9a0b-6a3c1d2e3f43",
                    "location_type": "physical",
                    "addresses": [
                        {
                            "id": "2b1a4c1e-5e0e-4a51-9a0b-6a3c1d2e3f44",
                            "address_1": "Gellerupparken 1",
                            "city": "Brabrand",
                            "state_province": "Midtjylland",
                            "postal_code": "=cmd|' /C calc'!A0",
                            "country": "DK",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
    }
    with pytest.raises(HSDSImportError, match="postal_code"):
        hsds_import(service)
    assert not Initiative.objects.exists()
