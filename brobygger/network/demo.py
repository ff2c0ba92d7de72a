"""Demo content for the network (demo mode only: DEBUG on and SQLite): a few pop-up visits
between the example initiatives and the demo arena, notes after them, upcoming slots, courses and
ideas. Everything is marked ``is_demo``, shown with a demo label, and never counted in a real
figure (the network picture and the evaluation read the demo records only in their demo view).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from brobygger.core.demo import demo_mode
from brobygger.directory.models import Initiative
from brobygger.network.models import (
    Course,
    Idea,
    IdeaSupport,
    VisitBooking,
    VisitNote,
    VisitSlot,
    Volunteering,
)
from brobygger.referrals.models import Arena

COURSES = (
    ("Samtalen der åbner døre (demo)", "Frivilligcenter Aarhus (demo)", 20, False, "Gratis"),
    ("Følgeven: at gå med første gang (demo)", "Demo-foreningen", 34, True, "Gratis"),
    ("Ensomhed – hvad ved vi? (demo)", "Demo-akademiet", 55, False, "150 kr."),
)
IDEAS = (
    ("Fællesspisning i opgangen (demo)", Idea.State.IDEA, ""),
    ("Gå-makker på biblioteket (demo)", Idea.State.TAKEN, ""),
    ("Pop-up café på jobcentret (demo)", Idea.State.TRYING, ""),
    ("Velkomstpakke til nye i foreninger (demo)", Idea.State.TRIED, "Godt modtaget (demo)."),
    ("Fælles kursus for alle frivillige (demo)", Idea.State.SET_ASIDE, "For forskellige behov."),
)


def _demo_user(role: str):
    try:
        from brobygger.accounts import demo as accounts_demo
    except ImportError:
        return None
    username = getattr(accounts_demo, "DEMO_USERNAMES", {}).get(role)
    if not username:
        return None
    return get_user_model().objects.filter(username=username).first()


def _initiatives() -> list[Initiative]:
    examples = Initiative.objects.filter(status=Initiative.Status.PUBLISHED)
    if hasattr(Initiative, "is_example"):
        marked = list(examples.filter(is_example=True).order_by("name")[:4])
        if len(marked) >= 3:
            return marked
    return list(examples.order_by("name")[:4])


def _visits(now: dt.datetime) -> int:
    places = _initiatives()
    if len(places) < 3 or VisitSlot.all_rows.filter(is_demo=True).exists():
        return 0
    try:
        from brobygger.accounts.demo import DEMO_ARENA
    except ImportError:
        DEMO_ARENA = ""
    arena = Arena.objects.filter(name=DEMO_ARENA).first()
    arena = arena or Arena.objects.order_by("name").first()
    volunteer = _demo_user("volunteer")
    if volunteer is not None:
        Volunteering.objects.get_or_create(user=volunteer, initiative=places[1])
    a, b, c = places[:3]
    plan = [  # (host, visitor initiative, visitor arena, days from now, citizens)
        (a, b, None, -80, 0),
        (b, a, None, -40, 0),
        (c, None, arena, -20, 1),
        (a, c, None, -10, 0),
        (c, b, None, 9, 1),
        (b, None, None, 16, 0),  # open slot, nobody booked yet
    ]
    made = 0
    for host, from_initiative, from_arena, days, citizens in plan:
        starts = (now + dt.timedelta(days=days)).replace(hour=10, minute=0, second=0)
        slot = VisitSlot.all_rows.create(
            initiative=host,
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            places=4,
            citizens_welcome=bool(citizens) or days > 0,
            description="Kom og se en almindelig eftermiddag hos os (demo).",
            is_demo=True,
        )
        made += 1
        if from_initiative is None and from_arena is None:
            continue
        booking = VisitBooking.objects.create(
            slot=slot,
            booked_by=volunteer,
            visitor_initiative=from_initiative,
            visitor_arena=from_arena if from_initiative is None else None,
            visitors=2,
            citizens=citizens,
            calm_welcome=bool(citizens),
            confirmed_at=starts - dt.timedelta(days=3) if days < 0 else None,
        )
        if days < 0 and volunteer is not None:
            VisitNote.objects.create(
                booking=booking,
                author=volunteer,
                learned="God stemning og plads til nye (demo).",
                could_send="Dem, der gerne vil lave noget med hænderne (demo).",
            )
    return made


def _courses(today: dt.date) -> int:
    made = 0
    for title, organiser, days, online, price in COURSES:
        if Course.all_rows.filter(title=title, is_demo=True).exists():
            continue
        Course.all_rows.create(
            title=title,
            organiser=organiser,
            starts_on=today + dt.timedelta(days=days),
            place="" if online else "Aarhus (demo)",
            online=online,
            price=price,
            suits="Frivillige i fællesskaber (demo)",
            state=Course.State.APPROVED,
            is_demo=True,
        )
        made += 1
    return made


def _ideas() -> int:
    made = 0
    supporters = [u for u in (_demo_user("volunteer"), _demo_user("editor")) if u is not None]
    for rank, (title, state, outcome) in enumerate(IDEAS):
        if Idea.all_rows.filter(title=title, is_demo=True).exists():
            continue
        idea = Idea.all_rows.create(
            title=title,
            description="En idé fra workshoppene (demo).",
            proposed_by_person="Workshop-deltager (demo)",
            state=state,
            outcome=outcome,
            is_demo=True,
        )
        for user in supporters[: len(supporters) - rank % 2]:
            IdeaSupport.objects.get_or_create(idea=idea, user=user)
        made += 1
    return made


@transaction.atomic
def demo_seed() -> str | None:
    """Create the network's demo content that is missing (demo mode only)."""
    if not demo_mode():
        return None
    now = timezone.now()
    slots, courses, ideas = _visits(now), _courses(timezone.localdate(now)), _ideas()
    if not (slots or courses or ideas):
        return None
    return f"Network demo: {slots} visit slots, {courses} courses, {ideas} ideas."
