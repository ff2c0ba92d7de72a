"""Insight pages. Each view checks permission on its first line (core.access.require)."""

from __future__ import annotations

import rules
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from brobygger.core.access import require
from brobygger.core.downloads import excel_csv_response
from brobygger.insights import charts, comparison, coverage, selectors, services, summary
from brobygger.insights.codebook_template import template_text
from brobygger.insights.errors import explain
from brobygger.insights.forms import UploadForm
from brobygger.insights.models import AnalysisRun
from brobygger.insights.trend import demo_trend_view


def _language(request) -> str:
    return "en" if request.LANGUAGE_CODE == "en" else "da"


def _demo_downloads(language: str, folder) -> dict[str, list[tuple[str, str]]]:
    """The synthetic analysis' files for the download bar: the report (PDF, XLSX, HTML) with
    readable labels, and the machine-readable files by name."""
    labels = {
        "report.pdf": _("Report (PDF)"),
        "report.xlsx": _("Tables (Excel)"),
        "report.html": _("Report (HTML)"),
    }
    files = [(name, reverse("insights:demo_file", args=[language, name]))
             for name in selectors.downloads(folder)]  # fmt: skip
    return {
        "report": [(labels[name], url) for name, url in files if name in labels],
        "data": [(name, url) for name, url in files if name not in labels],
    }


def index(request):
    """The summary for people who decide: prevalence, the people behind it, the risk groups."""
    require(request, "insights.view_synthetic")
    language = _language(request)
    folder = services.demo_dir(language)
    return render(
        request,
        "insights/index.html",
        {
            "summary": summary.summary(folder, summary.demo_codebook(), language),
            "downloads": _demo_downloads(language, folder),
            "trend": demo_trend_view(),
            "analyst": rules.has_perm("insights.upload_survey", request.user),
        },
    )


def tables(request):
    """The synthetic analysis' detailed tables, figure and methods (one click from the summary)."""
    require(request, "insights.view_synthetic")
    language = _language(request)
    folder = services.demo_dir(language)
    figure_url = reverse("insights:demo_file", args=[language, "figure1.svg"])
    fragment = selectors.report_fragment(folder, figure_url=figure_url)
    return render(
        request,
        "insights/tables.html",
        {
            "fragment": fragment,
            "contents": selectors.report_contents(fragment),
            "downloads": _demo_downloads(language, folder),
        },
    )


def comparison_page(request):
    """The published numbers beside the reproduced ones, with the report's labels."""
    require(request, "insights.view_synthetic")
    language = _language(request)
    folder = services.demo_dir(language)
    return render(
        request,
        "insights/comparison.html",
        {
            "sections": comparison.comparison(folder, language),
            "csv_url": reverse("insights:demo_file", args=[language, "comparison.csv"])
            if (folder / "comparison.csv").exists()
            else "",
        },
    )


def demo_file(request, language, name):
    require(request, "insights.view_synthetic")
    folder = services.demo_dir("en" if language == "en" else "da")
    return _file(folder, name)


@require_http_methods(["GET", "POST"])
def upload(request):
    """Analysts' page: upload a survey file and its codebook; the recent analyses."""
    require(request, "insights.upload_survey")
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                run = services.run_create(
                    user=request.user,
                    data_file=form.cleaned_data["data_file"],
                    codebook_file=form.cleaned_data["codebook_file"],
                    language=form.cleaned_data["language"],
                )
            except services.UploadError as exc:
                form.add_error(exc.field, str(exc))
            else:
                return redirect("insights:run", pk=run.pk)
        status = 400
    else:
        form, status = UploadForm(initial={"language": _language(request)}), 200
    return render(
        request,
        "insights/upload.html",
        {"form": form, "runs": selectors.runs()[:20]},
        status=status,
    )


def codebook_template(request):
    """A commented codebook to fill in, its comments in the reader's language."""
    require(request, "insights.upload_survey")
    response = HttpResponse(
        template_text(_language(request)), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="kodebog.yaml"'
    return response


def run_detail(request, pk):
    require(request, "insights.view_run")
    run = get_object_or_404(AnalysisRun, pk=pk)
    folder = selectors.run_folder(run)
    done = run.status == AnalysisRun.Status.DONE
    figure_url = reverse("insights:run_file", args=[run.pk, "figure1.svg"])
    return render(
        request,
        "insights/run.html",
        {
            "run": run,
            "finished": run.status in (AnalysisRun.Status.DONE, AnalysisRun.Status.FAILED),
            "fragment": selectors.report_fragment(folder, figure_url=figure_url) if done else None,
            "downloads": selectors.downloads(folder) if done else [],
            "error": explain(run.error) if run.error else "",
        },
    )


def run_file(request, pk, name):
    require(request, "insights.view_run")
    run = get_object_or_404(AnalysisRun, pk=pk, status=AnalysisRun.Status.DONE)
    return _file(selectors.run_folder(run), name)


def _file(folder, name):
    if name not in selectors.DOWNLOADS or not (folder / name).exists():
        raise Http404
    figure = name.endswith(".svg")  # shown in the page as an image; the rest are downloads
    handle = open(folder / name, "rb")  # noqa: SIM115 - FileResponse closes it
    response = FileResponse(handle, as_attachment=not figure, filename=name)
    if figure:
        response["Content-Type"] = "image/svg+xml"
    return response


@require_POST
def prepare(request):
    """Administrators may (re)start preparing the public synthetic analysis."""
    require(request, "insights.upload_survey")
    from brobygger.insights.tasks import prepare_demo

    language = request.POST.get("language", "da")
    if language not in services.LANGUAGES:
        return HttpResponseBadRequest(_("Choose Danish or English for the report."))
    prepare_demo.enqueue(language)
    return redirect("insights:index")


def _coverage(request):
    language = "en" if request.LANGUAGE_CODE == "en" else "da"
    folder = services.demo_dir(language)
    return coverage.coverage(folder if folder.exists() else None, language=language), language


def coverage_page(request):
    """Who the directory reaches, set against the synthetic survey: a chart, tables, gaps."""
    require(request, "insights.view_coverage")
    cover, language = _coverage(request)
    chart = charts.coverage_svg(
        cover.age_groups,
        title=_("Initiatives open to each age group"),
        targeted_label=_("aimed at the age group"),
        all_label=_("open to all ages"),
        severe_label=_("severe:"),
        decimal="," if language == "da" else ".",
    )
    return render(
        request,
        "insights/coverage.html",
        {"cover": cover, "chart": mark_safe(chart)},  # noqa: S308 - built from escaped parts
    )


def coverage_csv(request):
    require(request, "insights.view_coverage")
    cover, _language = _coverage(request)
    return excel_csv_response("daekning.csv", coverage.CSV_COLUMNS, coverage.csv_rows(cover))
