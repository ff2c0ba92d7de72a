"""Helpers the audiences' view modules share."""

from __future__ import annotations

import uuid

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from brobygger.network.models import Idea


def _idea(idea_id: uuid.UUID) -> Idea:
    return get_object_or_404(Idea.with_demo, pk=idea_id)


def _back(idea: Idea):
    return redirect(reverse("network:ideas") + f"#idea-{idea.pk}")
