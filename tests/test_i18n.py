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


ALL_LANGUAGES = ["da", "en", "ar", "tr", "so", "uk"]
CITIZEN_LANGUAGES = ["ar", "tr", "so", "uk"]
# The citizen-facing pages, messages and prints: offered in the citizen languages too.
CITIZEN_FILES = (
    "activities/templates/activities/index.html",
    "activities/templates/activities/_filters.html",
    "activities/templates/activities/_item.html",
    "activities/templates/activities/_list.html",
    "activities/templates/activities/calendar.html",
    "activities/templates/activities/detail.html",
    "activities/templates/activities/signed_up.html",
    "activities/templates/activities/cancel.html",
    "activities/messages.py",
    "referrals/templates/referrals/contact.html",
    "referrals/templates/referrals/contact_thanks.html",
    "referrals/templates/referrals/withdraw.html",
    "referrals/templates/referrals/print/receipt.html",
    "directory/templates/directory/print/pocket_guide.html",
)


@pytest.mark.parametrize("language", CITIZEN_LANGUAGES)
def test_it_translates_the_citizen_activity_pages_as_a_marked_draft(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert po.metadata.get("X-Translation-Status") == "draft"
    citizen = [
        e for e in po
        if not e.obsolete and any(path.endswith(CITIZEN_FILES) for path, _line in e.occurrences)
    ]  # fmt: skip
    assert len(citizen) > 50
    untranslated = [e.msgid for e in citizen if not e.translated() and not e.msgid_plural]
    assert not untranslated, untranslated


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_it_ships_mo_files_compiled_from_the_po_files(language):
    folder = LOCALE / language / "LC_MESSAGES"
    po = {k: v for k, v in _entries(polib.pofile(str(folder / "django.po"))).items() if any(v)}
    mo = _entries(polib.mofile(str(folder / "django.mo")))
    assert {k: v for k, v in mo.items() if any(v)} == {
        k: v for k, v in po.items() if v[0] or any(s for _i, s in v[1])
    }, f"run `make messages` for {language}"
