"""A week of made-up activities for the embedded default, so `make run` shows a living
calendar. Demo mode only (``core.demo.demo_mode``); every one is ``is_demo`` and says so on its
page and in print; none appears outside demo mode."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from brobygger.accounts.demo import DEMO_USERNAMES
from brobygger.accounts.roles import GROUP_BROKER
from brobygger.activities import broker
from brobygger.activities.models import Activity, Series, SignUp
from brobygger.activities.recurrence import series_extend
from brobygger.core.demo import demo_mode
from brobygger.referrals.selectors import working_cases

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
        Activity.all_rows.create(
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


def demo_company_wanted() -> int:
    """The demo working day's citizen who would like company the first time is signed up (by
    the demo broker, from the case) for the next example activity, waiting for a følgeven."""
    broker_user = get_user_model().objects.filter(username=DEMO_USERNAMES[GROUP_BROKER]).first()
    case = (
        working_cases()
        .filter(is_demo=True, citizen__anonymised_at=None, citizen__wants_company=True)
        .first()
    )
    activity = (
        Activity.all_rows.filter(is_demo=True, state=Activity.State.PUBLISHED)
        .filter(starts_at__gt=timezone.now() + dt.timedelta(days=1))
        .order_by("starts_at")
        .first()
    )
    if (
        broker_user is None
        or case is None
        or activity is None
        or SignUp.objects.filter(case=case).exists()
    ):
        return 0
    broker.signup_from_case(case=case, activity=activity, user=broker_user, wants_company=True)
    return 1


def demo_seed() -> str | None:
    """Setup's hook: the example week, and the sign-up waiting for a følgeven, once each."""
    if not demo_mode():
        return None
    lines = []
    if not Activity.all_rows.filter(is_demo=True).exists():
        lines.append(f"Created {demo_create()} example activities (demo).")
    if demo_company_wanted():
        lines.append("A demo citizen waits for a følgeven.")
    return " ".join(lines) or None
