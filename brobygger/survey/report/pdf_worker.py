"""WeasyPrint in a child process, started when the analysis starts.

Loading WeasyPrint and laying out the report take seconds of pure Python. In a child process
the loading runs beside the statistics and the layout beside the spreadsheet, on the other
core. The child gets one line of JSON on stdin (the HTML file, the PDF, its title and
language) and makes the PDF through ``brobygger.lib.pdf.render_pdf`` (tagged PDF/UA-1); its
failure is raised in the parent as a SurveyError naming the PDF file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from brobygger.survey.errors import SurveyError

_CHILD = """
import json
import sys
from pathlib import Path

import weasyprint  # loaded while the parent computes the statistics

from brobygger.lib.pdf import render_pdf

job = json.loads(sys.stdin.readline())
html = Path(job["html"]).read_text(encoding="utf-8")
pdf = render_pdf(html, title=job["title"], lang=job["lang"], base_url=job["base"])
Path(job["pdf"]).write_bytes(pdf)
"""


class PdfWorker:
    def __init__(self) -> None:
        self._process: subprocess.Popen | None = subprocess.Popen(
            [sys.executable, "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self._html: Path | None = None
        self._pdf: Path | None = None

    def start(self, html: str, pdf: Path, *, title: str, lang: str) -> None:
        """Hand the report over; the PDF (tagged PDF/UA-1, titled ``title``, in language
        ``lang``: see :func:`brobygger.lib.pdf.render_pdf`) is written while the caller goes on."""
        assert self._process is not None and self._process.stdin is not None
        with tempfile.NamedTemporaryFile(
            "w", suffix=".html", encoding="utf-8", delete=False
        ) as handle:
            handle.write(html)
        self._html, self._pdf = Path(handle.name), pdf
        job = {"html": handle.name, "pdf": str(pdf), "base": str(pdf.parent)}
        self._process.stdin.write(json.dumps({**job, "title": title, "lang": lang}) + "\n")
        self._process.stdin.flush()
        self._process.stdin.close()

    def wait(self) -> None:
        """Wait for the PDF; a failure in the child is raised here."""
        if self._process is None:
            return
        assert self._process.stderr is not None
        error = self._process.stderr.read()
        code, self._process = self._process.wait(), None
        if self._html is not None:
            self._html.unlink(missing_ok=True)
        if code != 0:
            last = (error or "").strip().splitlines()[-1:] or ["no message"]
            raise SurveyError("pdf_failed", file=self._pdf, reason=str(last[0]))

    def cancel(self) -> None:
        """Stop the child (the analysis failed, or no PDF is wanted after all)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None
        if self._html is not None:
            self._html.unlink(missing_ok=True)
