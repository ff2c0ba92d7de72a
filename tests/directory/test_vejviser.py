"""The pocket guide on a fresh system, its cards' details, links from the request's host, and
the personal list: its selection kept across pages and searches, and its PDF labels apart."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from django.db import connection
from django.utils import timezone
from typer.testing import CliRunner

from brobygger.cli import app
from brobygger.directory import demo, pdf, printing, services
from brobygger.directory.models import Initiative

pytestmark = pytest.mark.django_db


def _pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def _run(*args):
    return CliRunner().invoke(app, ["vejviser", *args])


def test_on_a_fresh_system_it_fails_and_suggests_the_flag(seeded, tmp_path):
    out = tmp_path / "v.pdf"
    result = _run("--audience", "adults_30_64", "--out", str(out))
    assert result.exit_code == 2
    assert "--include-unconfirmed" in result.stderr
    assert not out.exists()


def test_with_the_flag_it_prints_the_unconfirmed_saying_so(seeded, tmp_path):
    old = (
        Initiative.objects.filter(target_groups__code__in=["young_16_29", "all"])
        .order_by("name")
        .first()
    )
    services.initiative_confirm_current(initiative=old, user=None)
    Initiative.objects.filter(pk=old.pk).update(last_reviewed=dt.date(2024, 3, 5))
    out = tmp_path / "v.pdf"
    args = ("--audience", "young_16_29", "--include-unconfirmed", "--lang", "en", "--out", str(out))
    result = _run(*args)
    assert result.exit_code == 0, result.output
    assert "12 initiatives (12 not confirmed for a year)" in result.stdout
    text = _pdf_text(out)
    assert "The details have not been confirmed since March 5, 2024." in text
    assert text.count("The details have not been confirmed.") == 11


def test_the_adults_guide_works_on_a_fresh_system_with_the_flag(seeded, tmp_path):
    out = tmp_path / "X.pdf"
    result = _run("--audience", "adults_30_64", "--include-unconfirmed", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_cards_show_address_times_and_phone(seeded, tmp_path):
    ventilen = Initiative.objects.get(name="Ventilen")
    services.initiative_update(
        initiative=ventilen,
        user=None,
        fields={},
        details={
            "address_1": "Grenåvej 12",
            "postal_code": "8240",
            "city": "Risskov",
            "phone": "86 12 34 56",
        },
        schedules=[
            {"byday": "TH", "opens_at": dt.time(14), "closes_at": dt.time(16), "interval": 2}
        ],
    )
    out = tmp_path / "v.pdf"
    result = _run("--audience", "young_16_29", "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = _pdf_text(out)
    assert "Grenåvej 12, 8240 Risskov" in text
    assert "Every other Thursday at 14:00–16:00" in text
    assert "86 12 34 56" in text
    assert "TH" not in re.findall(r"\b[A-Z]{2}\b", text)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="demo mode is SQLite only")
def test_in_demo_mode_the_guide_needs_no_flag_and_marks_examples(
    seeded, tmp_path, settings, django_user_model
):
    settings.DEBUG = True
    editor = django_user_model.objects.create_user(username="demo-redaktoer")
    demo.examples_ensure(editor=editor)
    out = tmp_path / "v.pdf"
    result = _run("--audience", "elderly", "--lang", "en", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = _pdf_text(out)
    examples = Initiative.objects.filter(is_example=True, target_groups__code__in=["elderly"])
    assert examples.exists()
    assert all(e.name in text for e in examples)
    assert text.count("Example") >= examples.count()
    settings.DEBUG = False
    result = _run("--audience", "elderly", "--out", str(out))
    assert result.exit_code == 2  # outside demo mode the examples do not count


def test_links_and_qr_codes_use_the_host_that_served_the_page(client, people, monkeypatch):
    services.initiative_confirm_current(
        initiative=Initiative.objects.get(name="Ventilen"), user=None
    )
    encoded = []
    real_qr = pdf.qr_svg
    monkeypatch.setattr(pdf, "qr_svg", lambda url: encoded.append(url) or real_qr(url))
    client.force_login(people["staff"])
    url = "/tilbud/vejviser/?audience=young_16_29&language=da&format=pdf"
    response = client.get(url, HTTP_HOST="testserver:1234")
    assert response["Content-Type"] == "application/pdf"
    assert len(encoded) == 2  # Ventilen's card and the broker's card
    assert all(u.startswith("http://testserver:1234/") for u in encoded), encoded
    encoded.clear()
    ids = [str(i.pk) for i in Initiative.objects.order_by("name")[:2]]
    client.post(
        "/tilbud/liste/",
        {"initiative": ids, "format": "pdf"},
        HTTP_HOST="testserver:1234",
    )
    assert encoded == [f"http://testserver:1234/tilbud/{pk}/" for pk in ids]


def test_the_cli_links_start_with_site_url(seeded, settings):
    settings.SITE_URL = "https://brobygger.example.dk"
    services.initiative_confirm_current(
        initiative=Initiative.objects.get(name="Ventilen"), user=None
    )
    selection = printing.pocket_guide_select(audience="young_16_29", base_url=settings.SITE_URL)
    assert [e.url for e in selection.entries] == [
        f"https://brobygger.example.dk/tilbud/{Initiative.objects.get(name='Ventilen').pk}/"
    ]


def test_the_web_guide_offers_the_unconfirmed_too(client, people):
    client.force_login(people["staff"])
    url = "/tilbud/vejviser/?audience=adults_30_64&language=da"
    assert client.get(url).context["selection"].entries == []
    selection = client.get(url + "&include_unconfirmed=on").context["selection"]
    assert len(selection.entries) == printing.GUIDE_LIMIT
    assert not any(e.confirmed for e in selection.entries)
    pdf_response = client.get(url + "&include_unconfirmed=on&format=pdf")
    assert pdf_response["Content-Type"] == "application/pdf"


def test_the_list_keeps_its_ticks_across_pages_and_searches(client, people):
    client.force_login(people["staff"])
    first = client.get("/tilbud/?page=1").context["page"][0]
    second = client.get("/tilbud/?page=2").context["page"][0]
    back = client.post(
        "/tilbud/liste/vaelg/",
        {"initiative": str(first.pk), "action": "add", "next": "/tilbud/?page=1"},
    )
    assert back["Location"] == "/tilbud/?page=1"
    client.post("/tilbud/liste/vaelg/", {"initiative": str(second.pk), "action": "add"})
    page = client.get("/tilbud/?q=besøgstjeneste").content.decode()
    searched = client.get("/tilbud/?page=2").content.decode()
    assert f'value="{second.pk}"' in searched and 'value="remove"' in searched
    assert 'value="remove"' not in page or str(first.pk) not in page
    listed = client.post("/tilbud/liste/", {"note": "Til Karin"}).content.decode()
    assert first.name in listed and second.name in listed
    assert listed.index(first.name) < listed.index(second.name)  # in the order ticked
    client.post("/tilbud/liste/vaelg/", {"initiative": str(first.pk), "action": "remove"})
    listed = client.post("/tilbud/liste/", {}).content.decode()
    assert first.name not in listed and second.name in listed
    evil = client.post("/tilbud/liste/vaelg/", {"action": "clear", "next": "https://evil.example/"})
    assert evil["Location"] == "/tilbud/"
    assert client.post("/tilbud/liste/", {})["Location"] == "/tilbud/"  # empty: back, message


def _words(path) -> list[tuple[int, float, float, float, float, str]]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words, page = [], 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', line
        )
        if match:
            x0, y0, x1, y1 = (float(v) for v in match.groups()[:4])
            words.append((page, x0, y0, x1, y1, match.group(5)))
    return words


def _overlapping(words):
    """Pairs of words on the same page whose boxes overlap by more than a hair."""
    found = []
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if a[0] != b[0]:
                continue
            dx = min(a[3], b[3]) - max(a[1], b[1])
            dy = min(a[4], b[4]) - max(a[2], b[2])
            if dx > 0.5 and dy > 0.5:
                found.append((a[5], b[5]))
    return found


def test_the_personal_list_pdf_puts_no_label_over_its_text(client, people, tmp_path):
    chosen = list(Initiative.objects.order_by("name")[:4])
    for n, initiative in enumerate(chosen):
        services.initiative_update(
            initiative=initiative,
            user=None,
            fields={"first_visit": "Ring og sig at du kommer, så tager en frivillig imod dig."},
            details={
                "address_1": f"Grenåvej {n + 1}",
                "postal_code": "8240",
                "city": "Risskov",
                "phone": "86 12 34 56",
            },
            schedules=[
                {"byday": d, "opens_at": dt.time(10), "closes_at": dt.time(12), "interval": 2}
                for d in ("MO", "WE", "FR")
            ],
        )
    client.force_login(people["broker"])
    response = client.post(
        "/tilbud/liste/",
        {"initiative": [str(i.pk) for i in chosen], "format": "pdf", "note": "Hej"},
    )
    out = tmp_path / "list.pdf"
    out.write_bytes(response.content)
    words = _words(out)
    assert any(w[5] == "Grenåvej" for w in words)  # the text was read back at all
    assert _overlapping(words) == []


def test_unconfirmed_entries_are_named_with_their_date_on_the_card_data(seeded):
    initiative = Initiative.objects.get(name="Ventilen")
    Initiative.objects.filter(pk=initiative.pk).update(
        last_reviewed=timezone.localdate() - dt.timedelta(days=400)
    )
    entry = printing.entry_for(Initiative.objects.get(pk=initiative.pk), "http://h")
    assert entry.confirmed is False and entry.last_reviewed is not None
    assert entry.url.startswith("http://h/tilbud/")
