"""The daily run: reminders once, the meet-again message with the next date, held dates, and
participants' data deleted after the retention period."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.utils import timezone

from brobygger.activities import daily, signups
from brobygger.activities.models import Activity, SignUp


def _at(activity: Activity, **delta) -> dt.datetime:
    return activity.starts_at + dt.timedelta(**delta)


def test_it_reminds_the_day_before_once(activity):
    signups.signup_create(activity=activity, name="A", email="a@example.org")
    waiting_room = [
        signups.signup_create(activity=activity, name=f"W{n}", email=f"w{n}@example.org")
        for n in range(3)
    ]
    assert waiting_room[-1].signup.status == "waitlisted"
    mail.outbox = []
    too_early = _at(activity, days=-3)
    assert daily.reminders_send(now=too_early) == 0
    day_before = _at(activity, days=-1)
    assert daily.reminders_send(now=day_before) == 3  # the confirmed, not the waiting
    assert daily.reminders_send(now=day_before) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "w0@example.org",
                                                     "w1@example.org"]  # fmt: skip


def test_it_sends_meet_again_once_with_the_hosts_next_date(make_activity):
    first = make_activity(every_weeks=1)
    following = Activity.objects.filter(series=first.series).exclude(pk=first.pk).first()
    signup = signups.signup_create(activity=first, name="A", email="a@example.org").signup
    mail.outbox = []
    after = first.ends_at + dt.timedelta(hours=2)
    assert daily.meet_again_send(now=after) == 1
    assert daily.meet_again_send(now=after) == 0
    body = mail.outbox[0].body
    assert str(following.pk) in body
    assert SignUp.objects.get(pk=signup.pk).meet_again_sent_at is not None


def test_nobody_is_thanked_who_did_not_come(activity):
    result = signups.signup_create(activity=activity, name="A", email="a@example.org")
    SignUp.objects.filter(pk=result.signup.pk).update(came=False)
    assert daily.meet_again_send(now=activity.ends_at + dt.timedelta(hours=1)) == 0


def test_it_deletes_names_and_contacts_after_the_retention_period(activity, settings):
    settings.ACTIVITIES_RETENTION_DAYS = 30
    result = signups.signup_create(activity=activity, name="A", email="a@example.org")
    assert daily.participants_anonymise(now=activity.ends_at + dt.timedelta(days=29)) == 0
    assert daily.participants_anonymise(now=activity.ends_at + dt.timedelta(days=31)) == 1
    gone = SignUp.objects.get(pk=result.signup.pk)
    assert (gone.name, gone.email, gone.phone, gone.person_key) == ("", "", "", "")
    assert gone.status == "confirmed"  # still counted


def test_past_dates_are_marked_held(activity):
    assert daily.held_mark(now=activity.ends_at - dt.timedelta(minutes=1)) == 0
    assert daily.held_mark(now=activity.ends_at + dt.timedelta(minutes=1)) == 1
    activity.refresh_from_db()
    assert activity.state == "held"


def test_the_whole_daily_run_is_idempotent(activity):
    signups.signup_create(activity=activity, name="A", email="a@example.org")
    now = _at(activity, days=-1)
    first = daily.daily_run(now=now)
    second = daily.daily_run(now=now)
    assert first.reminders == 1 and second.reminders == 0
    assert timezone.is_aware(now)
