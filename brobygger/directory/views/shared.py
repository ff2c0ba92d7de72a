"""Helpers the audiences' view modules share."""

from __future__ import annotations

from django.http import Http404

from brobygger.directory import selectors
from brobygger.directory.models import Initiative


def _initiative_or_404(pk) -> Initiative:
    try:
        return selectors.initiative_detail(pk)
    except Initiative.DoesNotExist:
        raise Http404 from None
