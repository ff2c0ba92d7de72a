"""Placeholder until the network app is built (replaced by its owner)."""

from django.http import HttpResponse


def index(request):
    return HttpResponse("")
