from django.urls import path

from brobygger.insights import views
from brobygger.insights.evaluation import views as evaluation_views

app_name = "insights"
urlpatterns = [
    path("indsigt/", views.index, name="index"),
    path("indsigt/tabeller/", views.tables, name="tables"),
    path("indsigt/sammenligning/", views.comparison_page, name="comparison"),
    path("indsigt/daekning/", views.coverage_page, name="coverage"),
    path("indsigt/daekning.csv", views.coverage_csv, name="coverage_csv"),
    path("indsigt/syntetisk/<str:language>/<str:name>", views.demo_file, name="demo_file"),
    path("indsigt/analyser/", views.upload, name="upload"),
    path("indsigt/analyser/kodebog.yaml", views.codebook_template, name="codebook_template"),
    path("indsigt/analyser/forbered/", views.prepare, name="prepare"),
    path("indsigt/analyser/<uuid:pk>/", views.run_detail, name="run"),
    path("indsigt/analyser/<uuid:pk>/<str:name>", views.run_file, name="run_file"),
    path("evaluering/", evaluation_views.dashboard, name="evaluation"),
    path("evaluering/forloeb.csv", evaluation_views.research_csv, name="research_csv"),
]
