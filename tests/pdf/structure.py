"""Read a PDF back as an assistive technology and a checker would: poppler's ``pdfinfo`` and
``pdffonts`` (the system's poppler-utils) for what they report, and pikepdf for the catalogue,
the XMP metadata and the structure tree (the tags a screen reader follows)."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf


@dataclass
class Element:
    """One structure element: its tag (``H1``, ``P``, ``Figure``, ``Table`` ...), its
    alternative text, and the elements inside it."""

    tag: str
    alt: str = ""
    attributes: dict = field(default_factory=dict)
    id: str = ""
    children: list[Element] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all(self, tag: str) -> list[Element]:
        return [e for e in self.walk() if e.tag == tag]


@dataclass
class Report:
    info: dict[str, str]
    fonts: list[dict[str, str]]
    catalog: dict
    xmp: dict[str, str]
    tree: Element
    text: str  # pdftotext in content order, all whitespace removed (lines wrap anywhere)

    def tags(self) -> list[str]:
        return [e.tag for e in self.tree.walk()]

    def heading_levels(self) -> list[int]:
        return [int(e.tag[1]) for e in self.tree.walk() if re.fullmatch(r"H[1-6]", e.tag)]

    def figures(self) -> list[Element]:
        return self.tree.all("Figure")

    def tables(self) -> list[Element]:
        return self.tree.all("Table")


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _info(path: Path) -> dict[str, str]:
    lines = _run("pdfinfo", str(path)).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def _fonts(path: Path) -> list[dict[str, str]]:
    """Each font's name and its emb/sub/uni columns (yes/no), from the columns' positions."""
    lines = _run("pdffonts", str(path)).splitlines()
    header, ruler, rows = lines[0], lines[1], lines[2:]
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", ruler)]
    names = [header[a:b].strip() for a, b in spans]
    return [{n: row[a:b].strip() for n, (a, b) in zip(names, spans, strict=True)} for row in rows]


def _text(value) -> str:
    return str(value) if value is not None else ""


def _element(node) -> Element | None:
    """A StructElem and its kids; marked-content ids and object references are left out."""
    if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
        return None
    attributes = node.get("/A")
    element = Element(
        tag=str(node.S)[1:],
        alt=_text(node.get("/Alt")),
        attributes=dict(attributes.items()) if isinstance(attributes, pikepdf.Dictionary) else {},
        id=_text(node.get("/ID")),
    )
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        child = _element(kid)
        if child is not None:
            element.children.append(child)
    return element


def read(pdf: bytes | Path, tmp_path: Path) -> Report:
    """Everything the tests check, from the PDF's bytes or file."""
    if isinstance(pdf, bytes):
        path = tmp_path / "checked.pdf"
        path.write_bytes(pdf)
    else:
        path = Path(pdf)
    with pikepdf.open(io.BytesIO(path.read_bytes())) as document:
        root = document.Root
        catalog = {
            "Lang": _text(root.get("/Lang")),
            "Marked": bool(root.get("/MarkInfo", {}).get("/Marked", False)),
            "DisplayDocTitle": bool(
                root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)
            ),
            "StructTreeRoot": "/StructTreeRoot" in root,
        }
        meta = document.open_metadata()
        xmp = {key: str(meta.get(key, "")) for key in ("pdfuaid:part", "dc:title")}
        tree = Element("StructTreeRoot")
        if catalog["StructTreeRoot"]:
            kids = root.StructTreeRoot.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                child = _element(kid)
                if child is not None:
                    tree.children.append(child)
    text = "".join(_run("pdftotext", "-raw", str(path), "-").split())
    return Report(_info(path), _fonts(path), catalog, xmp, tree, text)


def assert_accessible(report: Report, *, title: str, lang: str) -> None:
    """What every PDF of ours must be: tagged PDF/UA-1 with a title shown, its language,
    its fonts embedded, headings in order, figures with alternative text, tables with header
    cells that the data cells point to."""
    assert report.info["Tagged"] == "yes"
    assert report.info["Title"] == title
    assert report.catalog["StructTreeRoot"] and report.catalog["Marked"]
    assert report.catalog["DisplayDocTitle"]
    assert report.catalog["Lang"] == lang
    assert report.xmp["pdfuaid:part"] == "1"
    assert title in report.xmp["dc:title"]
    assert report.fonts, "no fonts: the text is not text"
    assert all(font["emb"] == "yes" for font in report.fonts), report.fonts
    [document] = report.tree.children
    assert document.tag == "Document"
    levels = report.heading_levels()
    assert levels and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"a heading level skipped: {levels}"
    for figure in report.figures():
        assert figure.alt.strip(), "a figure without alternative text"
    for table in report.tables():
        headers = table.all("TH")
        assert headers, "a table without header cells"
        ids = {th.id for th in headers}
        for cell in table.all("TD"):
            pointed = {str(h) for h in cell.attributes.get("/Headers", [])}
            assert pointed and pointed <= ids, "a data cell that names no header cell"


def qr_urls(report: Report) -> list[str]:
    """The addresses the QR codes' alternative texts name ("QR code linking to <url>")."""
    found = [re.search(r"https?://\S+", figure.alt) for figure in report.figures()]
    return [m.group(0).rstrip(".") for m in found if m]


def assert_qr_targets_printed(report: Report, expected: int) -> None:
    """``expected`` QR codes, each naming its address, each address printed as text."""
    urls = qr_urls(report)
    qr_figures = [f for f in report.figures() if "QR" in f.alt]
    assert len(qr_figures) == expected, [f.alt for f in report.figures()]
    assert len(urls) == expected
    for url in urls:
        assert "".join(url.split()) in report.text, f"{url} is not printed beside its code"
