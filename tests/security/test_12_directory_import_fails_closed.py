"""Finding 12 (directory part): `directory import` of a file it cannot read ends with one line
naming the file and exit status 2, never a traceback, and imports nothing."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from brobygger.cli import app
from brobygger.directory.models import Initiative


def _run(path):
    result = CliRunner().invoke(app, ["directory", "import", str(path)])
    lines = [line for line in result.output.splitlines() if line.strip()]
    return result, lines


def test_it_reports_a_file_that_is_not_utf8_in_one_line(db, tmp_path):
    file = tmp_path / "latin1.json"
    file.write_bytes('{"id": "x", "name": "Café for ældre"}'.encode("latin-1"))
    result, lines = _run(file)
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and "latin1.json" in lines[0], result.output
    assert "UTF-8" in lines[0]
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, UnicodeDecodeError)


@pytest.mark.parametrize("depth", [100_000, 1_000])
def test_it_reports_an_absurdly_nested_file_in_one_line(db, tmp_path, depth):
    file = tmp_path / "deep.json"
    file.write_text("[" * depth + "]" * depth, encoding="utf-8")
    result, lines = _run(file)
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and "deep.json" in lines[0], result.output
    assert "nested" in lines[0]
    assert not isinstance(result.exception, RecursionError)
    assert not Initiative.objects.exists()


def test_it_reports_a_nested_object_inside_a_service_in_one_line(db, tmp_path):
    deep = '{"a": ' * 500 + "1" + "}" * 500
    file = tmp_path / "deep_service.json"
    file.write_text(
        '{"id": "2b1a4c1e-5e0e-4a51-9a0b-6a3c1d2e3f45", "name": "x", "status": "active", '
        f'"description": "y", "attributes": [{deep}]}}',
        encoding="utf-8",
    )
    result, lines = _run(file)
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and "deep_service.json" in lines[0], result.output
    assert not Initiative.objects.exists()


def test_it_reports_a_directory_given_as_the_file_in_one_line(db, tmp_path):
    result, lines = _run(tmp_path)
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and str(tmp_path.name) in lines[0], result.output
