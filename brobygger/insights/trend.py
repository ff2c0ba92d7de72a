"""The trend across survey waves on the insight page (issue 15): the synthetic 2013 survey and
an invented second wave, 2017, analysed with ``survey trend``.

Demo content: made only in demo mode (``demo_seed`` asks the background worker for it, so
``brobygger setup`` stays fast) and shown only there, labelled synthetic, saying the change
between the waves is invented. The files live in ``INSIGHTS_DIR/demo/trend/``: ``trend.json``
(what the page shows) beside the trend's CSV files.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_tasks import task

from brobygger.core.demo import demo_mode

DEMO_WAVES = ("2013", "2017")


def trend_dir() -> Path:
    from brobygger.insights.services import insights_dir

    return insights_dir() / "demo" / "trend"


def trend_ensure() -> Path:
    """Synthesize both waves (deterministic seeds), run the trend, keep its files."""
    import yaml

    from brobygger.survey.synth import WAVES, synthesize
    from brobygger.survey.trend import WaveSpec, run_trend

    target = trend_dir()
    if (target / "trend.json").exists():
        return target
    partial = target.with_name("trend.partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            specs = []
            for label in DEMO_WAVES:
                data, codebook = synthesize(seed=WAVES[label].seed, wave=label).write(
                    Path(tmp) / label
                )
                specs.append(WaveSpec(label, data, codebook))
            result, _files = run_trend(specs, partial, formats=("csv",))
            first_codebook = yaml.safe_load(specs[0].codebook.read_text(encoding="utf-8"))
        snapshot = {
            "waves": result.waves,
            "codebook": first_codebook,
            "rows": result.rows,
            "standardised": result.standardised,
            "standard": result.standard,
            "standard_given": result.standard_given,
            "counts": result.counts,
        }
        (partial / "trend.json").write_text(json.dumps(snapshot), encoding="utf-8")
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target


@task()
def prepare_trend() -> str:
    return str(trend_ensure())


def demo_seed() -> str | None:
    """Ask the worker for the demo trend when it is missing (a queue entry: instant)."""
    if not demo_mode() or (trend_dir() / "trend.json").exists():
        return None
    prepare_trend.enqueue()
    return "Demo trend (synthetic waves 2013 and 2017): queued for the background worker."


def _load_trend():
    from brobygger.survey.codebook import parse_codebook
    from brobygger.survey.trend import Trend

    path = trend_dir() / "trend.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return Trend(
        waves=data["waves"],
        codebook=parse_codebook(data["codebook"], str(path)),
        rows=data["rows"],
        standardised=data["standardised"],
        standard=data["standard"],
        standard_given=data["standard_given"],
        counts={k: tuple(v) for k, v in data["counts"].items()},
    )


def demo_trend_view() -> dict | None:
    """The synthetic two-wave trend for the insight page, or None when there is none."""
    if not demo_mode():
        return None
    trend = _load_trend()
    if trend is None:
        return None
    from brobygger.survey.report.model import group_labels
    from brobygger.survey.report.trend_figure import axis_top, panel_svg
    from brobygger.survey.report.trend_report import build_trend_view

    language = "en" if (translation.get_language() or "da").startswith("en") else "da"
    view = build_trend_view(trend, language)
    labels = group_labels(trend.codebook, language)
    top = axis_top(trend.rows)
    panels = [
        {
            "label": label,
            "svg": mark_safe(  # noqa: S308 — our own SVG, every text escaped in panel_svg
                panel_svg(
                    label,
                    [r for r in trend.rows if r["group"] == key],
                    trend.waves,
                    top,
                    language,
                    whole=k == 0,
                    title=view.figure_title,
                )
            ),
        }
        for k, (key, label) in enumerate(labels.items())
    ]
    main, standardised, _standard = view.tables
    return {
        "title": _("Has severe loneliness changed? Two synthetic survey waves"),
        "note": _(
            "Synthetic data, and an invented change: the 2017 wave was made by the same "
            "generator as the 2013 one, with severe loneliness moved on purpose among the "
            "16-29-year-olds (up) and those aged 75 and over (down). It shows how the trend "
            "is read; it says nothing about how loneliness really developed."
        ),
        "waves": trend.waves,
        "summary_title": view.summary_title,
        "sentences": view.sentences,
        "figure_title": view.figure_title,
        "panels": panels,
        "table": main,
        "standardised": standardised,
        "method": view.method,
    }
