"""The evaluation dashboard and the research CSV: analysts, administrators and the broker."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from brobygger.core.access import require
from brobygger.core.downloads import excel_csv_response
from brobygger.insights.evaluation import activities, charts, network, referrals
from brobygger.referrals import demo


def dashboard(request):
    """The evaluation of the real referrals. In demo mode only, ``?demo=1`` shows the demo
    referrals instead (alone, never mixed with real ones), labelled as demo data."""
    require(request, "referrals.view_evaluation")
    demo_view = demo.demo_view_allowed(request)
    qs = referrals.cases(demo=demo_view)
    rows = referrals.funnel(qs)
    timings = referrals.time_to_first_visit(qs)
    before_after = referrals.before_after(qs)
    self_label = _("Contacted the broker themselves")
    series = charts.arena_months(rows, introduced=referrals.tools_introduced(),
                                 self_label=self_label)  # fmt: skip
    # our own SVG: every text in it is escaped where it is drawn (charts.py)
    figures = {
        "monthly": [mark_safe(svg) for svg in charts.monthly_panels(series)],  # noqa: S308
        "first_visit": mark_safe(  # noqa: S308
            charts.first_visit_svg(timings, self_label=self_label, all_label=_("All"))
        ),
        "rate_ratio": mark_safe(charts.rate_ratio_svg(before_after)),  # noqa: S308
    }
    return render(
        request,
        "insights/evaluation.html",
        {
            "rows": rows,
            "totals": referrals.funnel_totals(rows),
            "timings": timings,
            "before_after": before_after,
            "before_after_rows": [(b, charts.interval_text(b.ratio)) for b in before_after],
            "figures": figures,
            "tils": referrals.tils_change(qs),
            "network_visits": [
                (v, charts.interval_text(v.ratio))
                for v in network.visits_before_after(demo=demo_view)
            ],
            "activity_statistics": activities.statistics(demo=demo_view),
            "demo_view": demo_view,
            "demo_offered": not demo_view and demo.demo_mode() and demo.has_demo(),
        },
    )


def research_csv(request):
    """The researchers' rows: real referrals only, with codes made for this export alone."""
    require(request, "referrals.export_research_data")
    rows = referrals.research_rows(referrals.cases())
    return excel_csv_response("brobygger-forloeb.csv", referrals.RESEARCH_COLUMNS, rows)
