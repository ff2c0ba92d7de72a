"""A week of made-up activities for the embedded default, so `make run` shows a living
calendar. Demo mode only (``web.demo.demo_mode``); every one is ``is_demo`` and says so on its
page and in print; none appears outside demo mode."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from brobygger.activities.models import Activity, Series
from brobygger.activities.recurrence import series_extend
from brobygger.web.demo import demo_mode

# (weekday, hour, minutes, title, place, address, postcode, capacity, every_weeks, languages)
EXAMPLES = (
    (
        0,
        10,
        90,
        "Gåtur rundt om søen (eksempel)",
        "Brabrand Sø, ved Sejlklubben",
        "Sejlklubvej 1",
        "8220",
        None,
        1,
        ["da"],
    ),
    (
        1,
        17,
        120,
        "Fællesspisning for alle (eksempel)",
        "Medborgerhuset (eksempel)",
        "Grenåvej 12",
        "8240",
        20,
        1,
        ["da", "en"],
    ),
    (
        2,
        14,
        90,
        "Strikkecafé (eksempel)",
        "Biblioteket (eksempel)",
        "Hack Kampmanns Plads 2",
        "8000",
        12,
        2,
        ["da"],
    ),
    (
        3,
        13,
        120,
        "Torsdagskaffe og brætspil (eksempel)",
        "Café Fællesskab (eksempel)",
        "Mejlgade 10",
        "8000",
        3,
        1,
        ["da", "ar"],
    ),
    (
        3,
        19,
        90,
        "Sangaften (eksempel)",
        "Kirkesalen (eksempel)",
        "Jægergårdsgade 5",
        "8000",
        25,
        1,
        ["da"],
    ),
    (
        4,
        10,
        60,
        "Morgenmad for nye i byen (eksempel)",
        "Frivilligcenter (eksempel)",
        "Frederiksgade 20",
        "8000",
        10,
        1,
        ["da", "en", "uk"],
    ),
    (
        5,
        11,
        120,
        "Havedag i fælleshaven (eksempel)",
        "Fælleshaven (eksempel)",
        "Viborgvej 100",
        "8210",
        None,
        2,
        ["da"],
    ),
)
DESCRIPTION = (
    "Et eksempel, som viser, hvordan aktiviteter ser ud i Brobygger. Aktiviteten findes ikke."
)


def _host():
    from brobygger.accounts import demo as account_demo

    username = getattr(account_demo, "DEMO_USERNAMES", {}).get("editor")
    return get_user_model().objects.filter(username=username).first() if username else None


@transaction.atomic
def demo_create(*, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    host = _host()
    made = 0
    for weekday, hour, minutes, title, place, address, postcode, capacity, every, langs in EXAMPLES:
        day = today + dt.timedelta(days=(weekday - today.weekday()) % 7)
        starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))
        if starts <= timezone.now():
            starts += dt.timedelta(days=7)
        series = Series.objects.create(every_weeks=every)
        Activity.objects.create(
            title=title,
            description=DESCRIPTION,
            starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=minutes),
            series=series,
            place_name=place,
            address=address,
            postcode=postcode,
            capacity=capacity,
            languages=langs,
            welcome="Værten møder dig ved døren og præsenterer dig for et par af de faste.",
            hosting="En frivillig vært holder øje med, at alle er med.",
            meet_again="Vi ses igen samme tid næste gang; skriv dig op på listen.",
            host=host,
            state=Activity.State.PUBLISHED,
            is_demo=True,
        )
        made += 1 + series_extend(series, today=today)
    return made


def demo_seed() -> str | None:
    """Setup's hook: the example week, once."""
    if not demo_mode() or Activity.objects.filter(is_demo=True).exists():
        return None
    return f"Created {demo_create()} example activities (demo)."
