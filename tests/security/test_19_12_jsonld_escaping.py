"""Finding 19.12: the JSON-LD in an activity's page escaped only ``</``. Every ``<``, ``>`` and
``&`` is escaped (``\\u003c`` …), so nothing a host writes can end the script element or be read
as markup, and the data still reads back unchanged."""

from __future__ import annotations

import json

import pytest

from brobygger.activities import feeds
from brobygger.activities.models import Activity

pytestmark = pytest.mark.django_db


TRICKY = "<!--<script>a & b</script>--> ]]> <b>"


def test_it_escapes_every_markup_character(activity):
    Activity.objects.filter(pk=activity.pk).update(title=TRICKY, description=TRICKY)
    activity.refresh_from_db()
    text = feeds.event_jsonld(activity, url="https://x.dk/a?b=1&c=2", places_left=1)
    assert not set("<>&") & set(text)
    data = json.loads(text)
    assert data["name"] == TRICKY and data["url"] == "https://x.dk/a?b=1&c=2"


def test_the_page_holds_no_raw_markup_from_the_title(client, activity):
    Activity.objects.filter(pk=activity.pk).update(title=TRICKY)
    page = client.get(f"/aktiviteter/{activity.pk}/").content.decode()
    script = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and "&" not in script
    assert json.loads(script)["name"] == TRICKY
