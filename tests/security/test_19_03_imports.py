"""Finding 3 (importers): a control character in an imported HSDS file or ideas CSV is refused
with an error naming the file, the record and the field, and nothing of the file is saved.

A line break is allowed where the field is prose (a description); a name or title is one line.
"""

from __future__ import annotations

import json
import uuid

import pytest
from typer.testing import CliRunner

from brobygger.cli import app
from brobygger.directory.hsds.importer import HSDSImportError, hsds_export, hsds_import_file
from brobygger.directory.models import Initiative
from brobygger.network import services
from brobygger.network.models import Idea


def _service(seeded, **changes) -> dict:
    service = next(s for s in hsds_export() if s["name"] == "Ventilen")
    return {**service, "id": str(uuid.uuid4()), **changes}


def _write(tmp_path, data, name="tilbud.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_it_refuses_an_escape_character_in_an_hsds_file_naming_file_record_and_field(
    seeded, tmp_path
):
    good = _service(seeded, name="Et godt nyt tilbud")
    bad = _service(seeded, name="Strikke\x1bcafé")
    path = _write(tmp_path, [good, bad])
    before = Initiative.objects.count()
    with pytest.raises(HSDSImportError) as error:
        hsds_import_file(path)
    message = str(error.value)
    assert "tilbud.json" in message
    assert "$[1].name" in message
    assert bad["id"] in message
    assert "U+001B" in message
    assert Initiative.objects.count() == before
    assert not Initiative.objects.filter(name="Et godt nyt tilbud").exists()


def test_it_refuses_a_line_break_in_a_name_but_not_in_a_description(seeded, tmp_path):
    with pytest.raises(HSDSImportError, match=r"\$\.name"):
        hsds_import_file(_write(tmp_path, _service(seeded, name="Strikke\r\nBcc: x@example.org")))
    with pytest.raises(HSDSImportError, match=r"\$\.phones\[0\]\.description"):
        service = _service(seeded)
        service["phones"] = [
            {"id": str(uuid.uuid4()), "number": "70 21 00 00", "description": "a\x00b"}
        ]
        hsds_import_file(_write(tmp_path, service))
    service = _service(seeded, description="Kaffe.\r\n\tAlle er velkomne.")
    hsds_import_file(_write(tmp_path, service))
    assert Initiative.objects.get(pk=service["id"]).description == "Kaffe.\n\tAlle er velkomne."


def test_it_refuses_a_c1_character_in_a_key(seeded, tmp_path):
    service = _service(seeded)
    service["na\x85me"] = "x"
    with pytest.raises(HSDSImportError, match="U\\+0085"):
        hsds_import_file(_write(tmp_path, service))


def test_the_cli_names_the_file_record_and_field(seeded, tmp_path):
    path = _write(tmp_path, [_service(seeded, alternate_name="a\x07b")])
    result = CliRunner().invoke(app, ["directory", "import", str(path)])
    assert result.exit_code == 2
    assert "tilbud.json" in result.output and "$[0].alternate_name" in result.output
    assert "Traceback" not in result.output


IDEAS = "title,description,proposed_by,state,outcome\n"


def test_it_refuses_a_control_character_in_the_ideas_csv_and_saves_nothing(db, tmp_path):
    path = tmp_path / "ideer.csv"
    path.write_text(
        IDEAS + "Fællesspisning,Vi spiser sammen,,idea,\n"
        "Gå\x1bmakker,,,idea,\n"
        '"Strik\nBcc: x",,,idea,\n'
        'Læsekreds,"Vi læser.\nOg taler.",Hanne\x9b,idea,\n',
        encoding="utf-8",
    )
    with pytest.raises(services.IdeaImportError) as error:
        services.ideas_import(path)
    assert [e for e in error.value.errors if "control character" in e or "line break" in e] == [
        "ideer.csv row 3, title: control character U+001B at position 3 is not allowed here",
        "ideer.csv row 4, title: a line break at position 6 is not allowed here",
        "ideer.csv row 5, proposed_by: control character U+009B at position 6 is not allowed here",
    ]
    assert not Idea.objects.exists()


def test_it_keeps_the_line_breaks_of_an_ideas_description(db, tmp_path):
    path = tmp_path / "ideer.csv"
    path.write_text(IDEAS + 'Læsekreds,"Vi læser.\r\nOg taler.",Hanne,idea,\n', encoding="utf-8")
    assert services.ideas_import(path) == (1, 0)
    assert Idea.objects.get().description == "Vi læser.\nOg taler."


def test_the_ideas_cli_names_the_file_row_and_field(db, tmp_path):
    path = tmp_path / "ideer.csv"
    path.write_text(IDEAS + "Gå\x1bmakker,,,idea,\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["network", "ideas-import", str(path)])
    assert result.exit_code == 2
    assert "ideer.csv row 2, title" in result.output
    assert not Idea.objects.exists()
