"""Insight pages. Each view checks permission on its first line (web.access.require)."""

from __future__ import annotations

import csv

import rules
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from brobygger.insights import charts, coverage, selectors, services
from brobygger.insights.forms import UploadForm
from brobygger.insights.models import AnalysisRun
from brobygger.lib.spreadsheet import safe_record
from brobygger.web.access import require


def index(request):
    require(request, "insights.view_synthetic")
    return _index_page(request)


def _index_page(request, form=None, status=200):
    """The insight page: the synthetic analysis for everyone, uploads for analysts."""
    language = "en" if request.LANGUAGE_CODE == "en" else "da"
    folder = services.demo_dir(language)
    analyst = rules.has_perm("insights.upload_survey", request.user)
    if analyst and form is None:
        form = UploadForm(initial={"language": language})
    return render(
        request,
        "insights/index.html",
        {
            "fragment": selectors.report_fragment(
                folder, figure_url=reverse("insights:demo_file", args=[language, "figure1.svg"])
            ),
            "downloads": selectors.downloads(folder),
            "language": language,
            "analyst": analyst,
            "form": form if analyst else None,
            "runs": selectors.runs()[:20] if analyst else [],
        },
        status=status,
    )


def demo_file(request, language, name):
    require(request, "insights.view_synthetic")
    folder = services.demo_dir("en" if language == "en" else "da")
    return _file(folder, name)


@require_POST
def upload(request):
    require(request, "insights.upload_survey")
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
    return _index_page(request, form=form, status=400)


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
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="daekning.csv"'
    writer = csv.DictWriter(response, fieldnames=coverage.CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(safe_record(row) for row in coverage.csv_rows(cover))
    return response
