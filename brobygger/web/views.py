"""The site's own pages: front page and accessibility statement."""

from django.shortcuts import render

from brobygger.directory.forms import SearchForm


def home(request):
    return render(request, "web/home.html", {"form": SearchForm()})


def accessibility(request):
    return render(request, "web/accessibility.html")
