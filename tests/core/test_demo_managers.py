"""Demo rows (issue 20): the default manager of every model with ``is_demo`` leaves them out,
always, so a figure, export, print or API answer cannot count them; pages that show demo
content ask for it (``with_demo``), and get it only in demo mode (DEBUG on and SQLite)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

from brobygger.activities import selectors
from brobygger.activities.models import Activity
from brobygger.core.demo import RealRowsManager, WithDemoManager

pytestmark = pytest.mark.django_db


def _models_with_demo_rows():
    return [m for m in apps.get_models() if any(f.name == "is_demo" for f in m._meta.fields)]


def test_every_model_with_demo_rows_leaves_them_out_by_default():
    models = _models_with_demo_rows()
    assert len(models) >= 5  # cases, activities, visit slots, courses, ideas
    for model in models:
        assert isinstance(model._default_manager, RealRowsManager), model
        assert isinstance(model.with_demo, WithDemoManager), model


def test_demo_rows_are_seen_only_where_asked_for_and_only_in_demo_mode(make_activity, settings):
    real, demo = make_activity(title="Strikkecafé"), make_activity(title="Demo-gåtur")
    Activity.all_rows.filter(pk=demo.pk).update(is_demo=True)
    assert set(Activity.all_rows.values_list("pk", flat=True)) == {real.pk, demo.pk}
    assert list(Activity.objects.values_list("pk", flat=True)) == [real.pk]
    settings.DEBUG = False  # not demo mode: a stray demo row shows nowhere
    assert list(Activity.with_demo.values_list("pk", flat=True)) == [real.pk]
    assert demo.pk not in {a.pk for a in selectors.upcoming()}
    settings.DEBUG = True
    if connection.vendor == "sqlite":  # demo mode: the page's list shows it, a figure does not
        assert demo.pk in {a.pk for a in selectors.upcoming()}
        assert list(Activity.objects.values_list("pk", flat=True)) == [real.pk]
        assert list(Activity.with_demo.real().values_list("pk", flat=True)) == [real.pk]
    else:  # PostgreSQL is never demo mode
        assert demo.pk not in {a.pk for a in selectors.upcoming()}
