"""The pocket guide "Vejviser til nye fællesskaber" and the personal list: real PDFs, read back
with poppler (pdftotext, pdffonts, pdftoppm) and checked page by page."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess

import pytest
from django.utils import timezone
from PIL import Image
from typer.testing import CliRunner

from brobygger.cli import app
from brobygger.directory import printing, services
from brobygger.directory.models import Initiative

pytestmark = pytest.mark.django_db


def _reference_names(reference, *groups) -> set[str]:
    with open(reference / "initiatives_2015.csv", encoding="utf-8") as handle:
        return {row["name"] for row in csv.DictReader(handle) if row["target_group"] in groups}


def _confirm(names) -> None:
    """The organisations confirm their entries, as they would before a guide is printed."""
    for initiative in Initiative.objects.filter(name__in=names):
        services.initiative_confirm_current(initiative=initiative, user=None)


def _pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())  # lines wrapped on the cards join up again


def _fonts(path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [line.split() for line in out.stdout.splitlines()[2:]]


def _pages(path, folder) -> list[Image.Image]:
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(folder / "page")], check=True)
    return [Image.open(p).convert("L") for p in sorted(folder.glob("page-*.png"))]


def _inked(image: Image.Image, box) -> bool:
    """Some dark pixels (text or a QR code) inside box, away from the dashed cut lines."""
    region = image.crop(box)
    return sum(region.histogram()[:128]) > 40


def test_the_adults_guide_names_their_initiatives_with_text_fonts_and_cards(
    seeded, reference, tmp_path
):
    adults = _reference_names(reference, "adults_30_64", "all")
    assert len(adults) == 13
    _confirm(adults)
    out = tmp_path / "vejviser.pdf"
    result = CliRunner().invoke(app, ["vejviser", "--audience", "adults_30_64", "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = _pdf_text(out)
    printed = {name for name in adults if name in text}
    assert len(printed) == printing.GUIDE_LIMIT  # 13 candidates, at most 12 cards
    assert "Vejviser til nye fællesskaber" in text and "Voksne (30-64 år)" in text
    young_only = _reference_names(reference, "young_16_29") - adults
    assert not any(name in text for name in young_only)
    assert "ensom" not in text.lower()  # no label of the reader
    fonts = _fonts(out)
    assert fonts and all(row[-5] == "yes" for row in fonts), fonts  # every font embedded

    pages = _pages(out, tmp_path)
    assert len(pages) == 4  # cover + 12 entries + the broker's card = 14 A6 cards, 4 a sheet
    for number, page in enumerate(pages):
        width, height = page.size
        assert height / width == pytest.approx(297 / 210, rel=0.02)  # A4 portrait
        quarters = [
            (int(x * width / 2) + 8, int(y * height / 2) + 8,
             int((x + 1) * width / 2) - 8, int((y + 1) * height / 2) - 8)
            for y in (0, 1) for x in (0, 1)
        ]  # fmt: skip
        cards = 4 if number < 3 else 2
        assert [_inked(page, q) for q in quarters] == [True] * cards + [False] * (4 - cards)


def test_unreviewed_initiatives_are_left_out_with_a_warning(seeded, reference, tmp_path):
    out = tmp_path / "v.pdf"
    result = CliRunner().invoke(app, ["vejviser", "--audience", "adults_30_64", "--out", str(out)])
    assert result.exit_code == 2 and "confirmed within the last year" in result.output
    assert not out.exists()
    adults = sorted(_reference_names(reference, "adults_30_64"))
    _confirm(adults[:-1])
    old = Initiative.objects.get(name=adults[0])
    old.last_reviewed = timezone.localdate() - dt.timedelta(days=400)
    old.save()
    result = CliRunner().invoke(app, ["vejviser", "--audience", "adults_30_64", "--out", str(out)])
    assert result.exit_code == 0
    assert f"left out, not confirmed for a year: {adults[-1]}" in result.output
    assert f"left out, not confirmed for a year: {adults[0]}" in result.output
    text = _pdf_text(out)
    assert adults[1] in text and adults[-1] not in text and adults[0] not in text


def test_bad_options_name_the_option(seeded, tmp_path):
    out = str(tmp_path / "v.pdf")
    result = CliRunner().invoke(app, ["vejviser", "--audience", "teenagers", "--out", out])
    assert result.exit_code == 2 and "audience" in result.output
    result = CliRunner().invoke(
        app, ["vejviser", "--audience", "elderly", "--postcode", "80", "--out", out]
    )
    assert result.exit_code == 2 and "postcode" in result.output


def test_nearest_first_from_a_postcode(seeded, reference):
    adults = sorted(_reference_names(reference, "adults_30_64"))
    _confirm(adults)
    places = {adults[0]: "8000", adults[1]: "8220", adults[2]: "8210"}
    for name, postcode in places.items():
        services.initiative_update(
            initiative=Initiative.objects.get(name=name),
            user=None,
            fields={},
            details={"address_1": "Vej 1", "postal_code": postcode, "city": "Aarhus"},
        )
    selection = printing.pocket_guide_select(
        audience="adults_30_64", postcode="8220", base_url="http://x"
    )
    assert [e.name for e in selection.entries[:3]] == [adults[1], adults[2], adults[0]]
    assert all(e.postcode == "" for e in selection.entries[3:])  # no address: last


def test_large_print_in_english(seeded, reference, tmp_path):
    elderly = _reference_names(reference, "elderly")
    _confirm(elderly)
    out = tmp_path / "large.pdf"
    result = CliRunner().invoke(
        app,
        ["vejviser", "--audience", "elderly", "--lang", "en", "--large-print", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    text = _pdf_text(out)
    assert "Guide to new communities" in text and "The first step" in text
    assert "lonel" not in text.lower()
    pages = _pages(out, tmp_path)
    assert pages[0].size[0] > pages[0].size[1]  # A4 landscape, two A5 cards
    assert len(pages) == 7  # cover + 12 + broker = 14 cards, 2 a sheet


def test_staff_print_from_the_pages_and_others_may_not(client, people, reference):
    adults = _reference_names(reference, "adults_30_64", "all")
    _confirm(sorted(adults)[:5])
    url = "/tilbud/vejviser/?audience=adults_30_64&language=da"
    client.force_login(people["staff"])
    page = client.get(url).content.decode()
    assert 'id="left-out"' in page and sorted(adults)[-1] in page
    response = client.get(url + "&format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    for role in ("citizen", "editor", "analyst"):
        client.force_login(people[role])
        assert client.get(url).status_code == 403
    client.logout()
    assert "/konto/log-ind/" in client.get(url)["Location"]


def test_the_personal_list_prints_the_ticked_ones_with_the_note(client, people, seeded):
    chosen = list(Initiative.objects.order_by("name")[:3])
    body = {"initiative": [str(i.pk) for i in chosen], "note": "Ring til Karin tirsdag"}
    client.force_login(people["broker"])
    page = client.post("/tilbud/liste/", body).content.decode()
    assert all(i.name in page for i in chosen) and "Ring til Karin tirsdag" in page
    pdf = client.post("/tilbud/liste/", {**body, "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    client.force_login(people["citizen"])
    assert client.post("/tilbud/liste/", body).status_code == 403
    client.force_login(people["staff"])
    response = client.post("/tilbud/liste/", {"initiative": ["not-an-id"], "note": "x"})
    assert response.status_code == 302  # back to the search, with a message
