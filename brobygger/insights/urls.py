from django.urls import path

from brobygger.insights.views import analyst, evaluation

app_name = "insights"
urlpatterns = [
    path("indsigt/", analyst.index, name="index"),
    path("indsigt/tabeller/", analyst.tables, name="tables"),
    path("indsigt/sammenligning/", analyst.comparison_page, name="comparison"),
    path("indsigt/daekning/", analyst.coverage_page, name="coverage"),
    path("indsigt/daekning.csv", analyst.coverage_csv, name="coverage_csv"),
    path("indsigt/syntetisk/<str:language>/<str:name>", analyst.demo_file, name="demo_file"),
    path("indsigt/analyser/", analyst.upload, name="upload"),
    path("indsigt/analyser/kodebog.yaml", analyst.codebook_template, name="codebook_template"),
    path("indsigt/analyser/forbered/", analyst.prepare, name="prepare"),
    path("indsigt/analyser/<uuid:pk>/", analyst.run_detail, name="run"),
    path("indsigt/analyser/<uuid:pk>/<str:name>", analyst.run_file, name="run_file"),
    path("evaluering/", evaluation.dashboard, name="evaluation"),
    path("evaluering/forloeb.csv", evaluation.research_csv, name="research_csv"),
]
