"""Translations: Danish complete, and the committed .mo files compiled from the current .po."""

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "brobygger" / "locale"


def _entries(catalog):
    return {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in catalog
        if not e.obsolete and e.msgid
    }


def test_it_translates_every_message_into_danish():
    po = polib.pofile(str(LOCALE / "da" / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated and not fuzzy, (untranslated, fuzzy)


@pytest.mark.parametrize("language", ["da", "en"])
def test_it_ships_mo_files_compiled_from_the_po_files(language):
    folder = LOCALE / language / "LC_MESSAGES"
    po = {k: v for k, v in _entries(polib.pofile(str(folder / "django.po"))).items() if any(v)}
    mo = _entries(polib.mofile(str(folder / "django.mo")))
    assert {k: v for k, v in mo.items() if any(v)} == {
        k: v for k, v in po.items() if v[0] or any(s for _i, s in v[1])
    }, f"run `make messages` for {language}"
