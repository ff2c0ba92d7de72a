"""Demo data for the evaluation dashboard, marked ``is_demo``. Made only in demo mode (DEBUG on
and SQLite, ``brobygger.core.demo.demo_mode``), left out of every real figure, list and export,
and shown only in the dashboard's labelled demo view (``?demo=1``, demo mode only).

The four arenas of the 2017 pilot get the conversation guide half-way through a year of made-up
referrals, at a higher rate afterwards; the demo citizens carry no personal data (they are
created anonymised), only an age group, so nothing here can be mistaken for a person.
"""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from brobygger.accounts.demo import DEMO_ARENA, DEMO_USERNAMES
from brobygger.accounts.roles import ROLE_STAFF
from brobygger.core.demo import demo_mode
from brobygger.directory.selectors import public_initiatives
from brobygger.referrals import services
from brobygger.referrals.models import (
    AgeBand,
    Arena,
    ArenaMembership,
    Case,
    Citizen,
    OutcomeMeasurement,
    Referral,
)

PILOT_ARENAS = (
    "Boligsocial Helhedsplan - Trigeparken",
    "Dit liv – Din Sundhed - Folkesundhed Aarhus",
    "Rygestoprådgivningen",
    "Job og Sundhed - Rehabiliteringsteamet",
)
# made-up monthly referral rates per arena, before and after the tools
RATES = ((1.0, 2.5), (0.8, 2.0), (0.5, 1.5), (1.5, 3.0))


def _items_for(score: int, rng: random.Random) -> tuple[int, int, int]:
    items = [1, 1, 1]
    for _ in range(score - 3):
        room = [i for i in range(3) if items[i] < 3]
        items[rng.choice(room)] += 1
    return items[0], items[1], items[2]


class DemoModeOff(RuntimeError):
    """Demo data was asked for outside demo mode."""


@transaction.atomic
def demo_create(*, seed: int = 2017, today: dt.date | None = None) -> int:
    """Replace the demo cases with a fresh year of them. Returns the number created. Refuses
    (DemoModeOff) unless in demo mode: demo data never enters a production database."""
    if not demo_mode():
        raise DemoModeOff("demo: demo referrals are made only in demo mode (DEBUG on, SQLite)")
    rng = random.Random(seed)
    monthly_counts = np.random.default_rng(seed)  # Poisson numbers of referrals per month
    today = today or timezone.localdate()
    demo_clear()
    initiatives = list(public_initiatives().order_by("name")[:40])
    introduced = today - dt.timedelta(days=182)
    created = 0
    for name, (before_rate, after_rate) in zip(PILOT_ARENAS, RATES, strict=True):
        arena, _ = Arena.objects.get_or_create(name=name)
        if arena.tools_introduced_on is None:
            arena.tools_introduced_on = introduced
            arena.save(update_fields=["tools_introduced_on"])
        start = arena.tools_introduced_on
        for month in range(-6, 6):
            rate = before_rate if month < 0 else after_rate
            for _ in range(int(monthly_counts.poisson(rate))):
                day = start + dt.timedelta(days=30 * month + rng.randrange(30))
                if day >= today:
                    continue
                _demo_case(arena, day, today, initiatives, rng)
                created += 1
    return created


def _demo_case(arena, day: dt.date, today: dt.date, initiatives, rng: random.Random) -> None:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(9)))
    citizen = Citizen.objects.create(
        age_band=rng.choice(AgeBand.values[1:3]), language="", created_at=at, anonymised_at=at
    )
    case = Case.all_rows.create(
        citizen=citizen, arena=arena, source=Case.Source.STAFF, created_at=at, is_demo=True
    )
    steps = [
        ("contacted_at", 0.85, 3),
        ("matched_at", 0.8, 10),
        ("first_visit_at", 0.7, 14),
        ("participating_at", 0.65, 91),
    ]
    state, moment = Case.State.NEW, at
    for stamp, chance, days in steps:
        moment = moment + dt.timedelta(days=rng.randint(1, days))
        if moment >= now or rng.random() > chance:
            break
        setattr(case, stamp, moment)
        state = stamp.removesuffix("_at")
    case.state = state
    if rng.random() < 0.15 and state not in ("participating",):
        case.state, case.closed_at = Case.State.CLOSED, now
        case.closed_reason = rng.choice([Case.ClosedReason.DECLINED, Case.ClosedReason.NOT_REACHED])
    case.save()
    if case.matched_at and initiatives:
        Referral.objects.create(
            case=case,
            initiative=rng.choice(initiatives),
            created_at=case.matched_at,
            first_visit_at=case.first_visit_at,
            participating_at=case.participating_at,
        )
    if rng.random() < 0.6:
        intake = rng.choice([5, 6, 7, 7, 8, 9])
        OutcomeMeasurement.objects.create(
            case=case,
            moment=OutcomeMeasurement.Moment.INTAKE,
            **dict(zip(("item1", "item2", "item3"), _items_for(intake, rng), strict=True)),
            score=intake,
            measured_at=at,
        )
        if case.participating_at:
            follow = max(3, intake - rng.choice([0, 1, 1, 2, 3]))
            OutcomeMeasurement.objects.create(
                case=case,
                moment=OutcomeMeasurement.Moment.FOLLOW_UP,
                **dict(zip(("item1", "item2", "item3"), _items_for(follow, rng), strict=True)),
                score=follow,
                measured_at=case.participating_at,
            )


def demo_clear() -> int:
    cases = Case.all_rows.filter(is_demo=True)
    citizens = list(cases.values_list("citizen_id", flat=True))
    count = cases.count()
    cases.delete()
    Citizen.objects.filter(pk__in=citizens).delete()
    return count


def has_demo() -> bool:
    return Case.all_rows.filter(is_demo=True).exists()


def demo_view_allowed(request) -> bool:
    """The dashboard's demo view: asked for with ``?demo=1``, and only in demo mode."""
    return request.GET.get("demo") == "1" and demo_mode()


def demo_staff_arena() -> None:
    """The demo frontline staff user works at the demo arena (``accounts.demo`` made them)."""
    staff = get_user_model().objects.filter(username=DEMO_USERNAMES[ROLE_STAFF]).first()
    if staff is None:
        return
    arena = Arena.objects.get_or_create(
        name=DEMO_ARENA,
        defaults={"description": "Demo: an example arena for the demo staff user."},
    )[0]
    ArenaMembership.objects.get_or_create(user=staff, arena=arena)


# The broker's working day in the demo: (name, how the case came in, days ago, contacted,
# company wished). Fictional people, each marked "(demo)"; two are new today, two overdue
# (nobody has reached them REFERRALS_FIRST_CONTACT_DAYS after they came in), one in dialogue
# who would like company the first time (activities.demo signs them up, waiting for a følgeven).
WORKING_DAY = (
    ("Karen Demo (demo)", Case.Source.SELF, 0, False, False),
    ("Ole Demo (demo)", Case.Source.STAFF, 0, False, False),
    ("Fatima Demo (demo)", Case.Source.STAFF, 5, False, False),
    ("Jens Demo (demo)", Case.Source.SELF, 6, False, False),
    ("Birthe Demo (demo)", Case.Source.STAFF, 9, True, True),
)


def demo_working_day(*, now: dt.datetime | None = None) -> int:
    """The cases a broker opens the demo to (marked ``is_demo``, shown only in demo mode, with
    a "Demo" label); made once. Returns how many were made."""
    if not demo_mode() or Case.all_rows.filter(is_demo=True, citizen__anonymised_at=None).exists():
        return 0
    now = now or timezone.now()
    staff = get_user_model().objects.filter(username=DEMO_USERNAMES[ROLE_STAFF]).first()
    arena = Arena.objects.filter(name=DEMO_ARENA).first()
    if staff is None or arena is None:
        return 0
    for number, (name, source, days_ago, contacted, company) in enumerate(WORKING_DAY):
        at = now - dt.timedelta(days=days_ago, hours=number)
        fields = {
            "name": name,
            "phone": "",
            "email": f"borger{number + 1}@example.invalid",
            "language": "da",
            "age_band": AgeBand.values[2 + number % 3],
            "postcode": "8000",
            "interests": "gåture og kaffe",
            "first_step": "vil gerne følges første gang" if company else "",
            "wants_company": company,
        }
        if source == Case.Source.SELF:
            case = services.self_referral_submit(citizen_fields=fields, now=at)
        else:
            case, _created = services.referral_submit(
                user=staff,
                arena=arena,
                citizen_fields=fields,
                consent=services.ConsentGiven(outcome=True),
                now=at,
            )
        Case.all_rows.filter(pk=case.pk).update(
            is_demo=True,
            created_at=at,
            contacted_at=at + dt.timedelta(days=1) if contacted else None,
            state=Case.State.CONTACTED if contacted else case.state,
        )
    return len(WORKING_DAY)


def demo_seed() -> str | None:
    """Setup's hook (``web.demo_seed``): the demo staff user's arena, a year of demo referrals
    for the dashboard, and the broker's working day, once each."""
    if not demo_mode():
        return None
    demo_staff_arena()
    lines = []
    if not Case.all_rows.filter(is_demo=True, citizen__anonymised_at__isnull=False).exists():
        lines.append(f"Created {demo_create()} demo referrals for the evaluation dashboard.")
    if made := demo_working_day():
        lines.append(f"Created {made} demo cases for the broker's working day.")
    return " ".join(lines) or None
