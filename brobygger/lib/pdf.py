"""Every PDF we make goes through :func:`render_pdf`: WeasyPrint, tagged PDF/UA-1.

Danish public bodies must publish accessible documents, so each PDF carries a structure tree
(headings, lists, tables with their header cells, figures with their alternative text), is
marked as tagged, declares PDF/UA-1 in its XMP metadata, names its language and shows its
title in the viewer's title bar (``DisplayDocTitle``). WeasyPrint embeds every font it uses.

What gets tagged is the HTML's own structure, so the templates keep headings in order (h1, h2,
h3), give each inline SVG (QR codes, figures) a ``<title>`` (its alternative text), use
``<th scope>`` for header cells and ``lang`` on passages in another language than the page.

No Django here: the survey report (which never imports Django) prints through it too.
"""

from __future__ import annotations

from html.parser import HTMLParser

PDF_VARIANT = "pdf/ua-1"


class PdfError(ValueError):
    """The document cannot be made an accessible PDF; the message names what is missing."""


def render_pdf(html: str, *, title: str, lang: str, base_url: str) -> bytes:
    """``html`` as a tagged PDF/UA-1 document titled ``title`` in language ``lang`` (a BCP 47
    code such as ``da`` or ``en``); relative URLs in ``html`` resolve against ``base_url``."""
    title, lang = " ".join((title or "").split()), (lang or "").strip()
    if not title:
        raise PdfError("title: an accessible PDF needs a title")
    if not lang:
        raise PdfError("lang: an accessible PDF needs the language of its text")
    # WeasyPrint takes seconds to load; only the code that makes a PDF pays for it.
    from weasyprint import HTML

    options = {"pdf_variant": PDF_VARIANT}
    document = HTML(string=html, base_url=base_url).render(**options)
    document.metadata.title = title
    document.metadata.lang = lang
    return document.write_pdf(**options)


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.title = ""
        self._in_title = False
        self._title_done = False

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        elif tag == "title" and not self._title_done:
            self._in_title = True

    def handle_endtag(self, tag) -> None:
        if tag == "title" and self._in_title:
            self._in_title, self._title_done = False, True

    def handle_data(self, data) -> None:
        if self._in_title:
            self.title += data


def title_and_lang(html: str) -> tuple[str, str]:
    """The document's ``<title>`` and the ``lang`` of its ``<html>`` element ("" if absent)."""
    head = _Head()
    head.feed(html)
    head.close()
    return " ".join(head.title.split()), head.lang.strip()


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    """:func:`render_pdf` with the title and language the document itself declares."""
    title, lang = title_and_lang(html)
    return render_pdf(html, title=title, lang=lang, base_url=base_url)
