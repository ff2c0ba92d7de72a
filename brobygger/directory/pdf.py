"""Printed matter as PDF (WeasyPrint): the pocket guide and the personal list.

The pocket guide is a set of A6 cards, four to an A4 sheet with cut marks: it prints at 100 %
on any office printer (A6 is exactly a quarter of A4), needs no duplex alignment or folding
order, and every card stands on its own, so staff can hand over just the one that fits. Large
print makes the cards A5, two to a landscape A4 sheet.

A print in a right-to-left language (Arabic) has ``dir="rtl"``; what an initiative wrote itself
(its name, summary, place, time, first step: Danish) carries the direction of its own text
(``_directions``), so a Danish sentence keeps its full stop at its end ("Kom kvart i fem.", not
".Kom kvart i fem"). That is what ``dir="auto"`` does in a browser, computed here because
WeasyPrint ignores ``dir="auto"`` and ``<bdi>``.
"""

from __future__ import annotations

import datetime as dt

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from brobygger.core.languages import is_draft, language_direction, text_direction
from brobygger.directory.printing import Entry, GuideSelection
from brobygger.lib.pdf import html_to_pdf


def qr_svg(url: str, alt: str = "") -> str:
    """An inline SVG QR code for ``url`` (medium error correction, no fixed size). Its
    ``<title>`` is the alternative text of the PDF's Figure: ``alt``, by default where the code
    leads in the active language; the templates also print ``url`` beside it as readable text."""
    alt = alt or _("QR code linking to %(url)s") % {"url": url}
    svg = segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, dark="#000", title=alt
    )
    return mark_safe(svg)  # noqa: S308 - segno escapes the title; the rest is its own markup


def source_lang(language: str) -> str:
    """The ``lang`` of what initiatives and organisations wrote themselves (Danish) on a print
    in ``language``: "" on a Danish print, where it is the page's own language."""
    return "" if language.split("-")[0] == "da" else "da"


def _isolated(number: str) -> str:
    """A phone number in ``<bdi dir="ltr">``: its groups of digits keep their order inside a
    right-to-left sentence ("اتصل على 87 13 00 00", not "00 00 13 87")."""
    return format_html('<bdi dir="ltr">{}</bdi>', number) if number else ""


def _directions(entry: Entry, language: str) -> dict:
    """The direction of each text an initiative wrote (see the module's docstring), and for
    each first step its direction and its ``lang`` ("" where it is the print's language)."""
    fields = ("name", "summary", "who", "where", "when")
    dirs: dict[str, object] = {name: text_direction(getattr(entry, name)) for name in fields}
    own = source_lang(language)
    dirs["first_step"] = [
        (step, text_direction(step), own if step in entry.own_steps else "")
        for step in entry.first_step
    ]
    return dirs


def _with_qr(entries: list[Entry], language: str) -> list[tuple[Entry, str, dict]]:
    return [(entry, qr_svg(entry.url), _directions(entry, language)) for entry in entries]


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def pocket_guide_html(
    selection: GuideSelection,
    *,
    base_url: str,
    language: str = "da",
    large_print: bool = False,
    printed_on: dt.date | None = None,
) -> str:
    """The guide's cards; ``base_url`` (the request's host, or ``SITE_URL`` in the CLI) starts
    the link and QR code to the contact form, as it started the entries' in ``selection``."""
    contact_url = base_url.rstrip("/") + reverse("referrals:contact")
    per_sheet = 2 if large_print else 4
    with override(language):  # the QR codes' alternative text too
        cards: list[tuple] = [("cover", None, None, None)]
        cards += [
            ("entry", entry, qr, dirs) for entry, qr, dirs in _with_qr(selection.entries, language)
        ]
        cards.append(("broker", None, qr_svg(contact_url), None))
        return render_to_string(
            "directory/print/pocket_guide.html",
            {
                "selection": selection,
                "sheets": _chunks(cards, per_sheet),
                "large_print": large_print,
                "language": language,
                "source_lang": source_lang(language),
                "direction": language_direction(language),
                "draft_translation": is_draft(language),
                "printed_on": printed_on or timezone.localdate(),
                "broker_name": settings.BROKER_NAME,
                "broker_phone": settings.BROKER_PHONE,
                "broker_phone_isolated": _isolated(settings.BROKER_PHONE),
                "broker_dir": text_direction(settings.BROKER_NAME),
                "contact_url": contact_url,
            },
        )


def _stylesheet(path: str) -> str:
    """A static stylesheet's text, for a PDF (WeasyPrint fetches nothing from our server)."""
    found = finders.find(path)
    return mark_safe(open(found, encoding="utf-8").read())  # noqa: S308 - our own static file


def personal_list_html(
    entries: list[Entry], *, ids: list[str], note: str, language: str = "da", request=None
) -> str:
    """The list for the citizen: on screen (with a PDF button) when ``request`` is given,
    else for the PDF."""
    with override(language):
        return render_to_string(
            "directory/print/personal_list.html",
            {
                "entries": _with_qr(entries, language),
                "ids": ids,
                "note": note,
                "language": language,
                "source_lang": source_lang(language),
                "direction": language_direction(language),
                "printed_on": timezone.localdate(),
                "broker_phone": settings.BROKER_PHONE,
                "broker_phone_isolated": _isolated(settings.BROKER_PHONE),
                "for_pdf": request is None,
                "stylesheet": _stylesheet("directory/personal_list.css") if request is None else "",
            },
            request=request,
        )


def to_pdf(html: str) -> bytes:
    """``html`` (one of our print templates) as a tagged PDF/UA-1 with the title and language
    the template declares (``<title>``, ``<html lang>``)."""
    return html_to_pdf(html, base_url=str(settings.BASE_DIR))
