"""The registry of daily steps (core.daily): every app's steps, each on its own, a failure
logged (traceback, no message) and named, the others still run; the day's run claimed once."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.utils import timezone

from brobygger.activities.models import Activity
from brobygger.core import daily, daily_schedule
from brobygger.core.models import DailyRun, WorkerHeartbeat

EVERY_APP_STEP = [
    "directory.stale_reminders",
    "referrals.reminders",
    "referrals.expired_consents",
    "referrals.anonymise",
    "activities.anonymise",
    "activities.unconfirmed_accounts",
    "activities.reminders",
    "activities.meet_again",
    "activities.held",
    "activities.series",
    "network.reminders",
]


@pytest.fixture
def failing_step():
    """A step registered between the apps' steps that writes a row, then fails with personal
    data in its message."""

    personal = "jens.hansen@example.org 12345678"

    def fail() -> int:
        WorkerHeartbeat.objects.create(owner="written-before-the-failure", seen=timezone.now())
        raise ValueError(personal)  # the traceback shows this line, not the value

    daily.register_step("referrals.broken", fail)
    # registration order is run order: move it before the activities' steps
    names = daily.step_names()
    steps = {name: daily._steps[name] for name in names}
    daily._steps.clear()
    for name in EVERY_APP_STEP[:4] + ["referrals.broken"] + EVERY_APP_STEP[4:]:
        daily._steps[name] = steps[name]
    yield "referrals.broken"
    daily.unregister_step("referrals.broken")


def test_it_registers_every_apps_daily_steps_in_order():
    assert daily.step_names() == EVERY_APP_STEP


@pytest.mark.django_db
def test_it_runs_every_step_and_counts_what_they_did(make_activity):
    past = make_activity()
    Activity.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-2),
    )
    report = daily.run_daily()
    assert report.failed == ()
    assert report.exit_code == 0
    assert [r.name for r in report.results] == EVERY_APP_STEP
    held = next(r for r in report.results if r.name == "activities.held")
    assert held.counts == {"count": 1}
    assert Activity.objects.get(pk=past.pk).state == Activity.State.HELD


@pytest.mark.django_db
def test_one_failing_step_does_not_stop_the_others_and_is_named(
    failing_step, make_activity, caplog
):
    past = make_activity()
    Activity.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=2),
        ends_at=timezone.now() - dt.timedelta(days=2, hours=-2),
    )
    with caplog.at_level(logging.INFO, logger="brobygger.daily"):
        report = daily.run_daily()
    assert report.failed == (failing_step,)
    assert report.exit_code == 1
    assert [r.name for r in report.results if r.ok] == EVERY_APP_STEP  # the rest all ran
    assert Activity.objects.get(pk=past.pk).state == Activity.State.HELD  # after the failure
    # its own transaction: what it wrote before failing is gone
    assert not WorkerHeartbeat.objects.filter(owner="written-before-the-failure").exists()
    log = caplog.text
    assert "daily step referrals.broken failed" in log
    assert "ValueError" in log and "in fail" in log  # the traceback, where it happened
    assert "jens.hansen" not in log and "12345678" not in log  # never the message
    assert "daily step network.reminders started" in log
    assert "daily step network.reminders finished" in log


@pytest.mark.django_db
def test_only_runs_the_named_steps_or_an_apps_steps():
    report = daily.run_daily(only=["referrals", "network.reminders"])
    assert [r.name for r in report.results] == EVERY_APP_STEP[1:4] + ["network.reminders"]


def test_it_refuses_an_unknown_step_by_name():
    with pytest.raises(daily.UnknownStep, match="unknown daily step nosuch.step"):
        daily.run_daily(only=["nosuch.step"])


@pytest.mark.django_db
def test_the_activities_steps_send_through_core_as_activities_remind_does(activity):
    from brobygger.activities import signups

    signups.signup_create(activity=activity, name="A", email="a@example.org")
    mail.outbox = []
    report = daily.run_daily(only=["activities.reminders"])
    # the activity starts tomorrow or later: a reminder only on the day before
    expected = (
        1
        if timezone.localdate(activity.starts_at) == (timezone.localdate() + dt.timedelta(days=1))
        else 0
    )
    assert report.results[0].counts == {"count": expected}
    assert len(mail.outbox) == expected


@pytest.mark.django_db
def test_a_due_day_is_claimed_and_run_once(settings):
    settings.DAILY_AT = "06:15"
    copenhagen = timezone.get_default_timezone()
    before = dt.datetime(2026, 12, 7, 6, 14, tzinfo=copenhagen)
    after = dt.datetime(2026, 12, 7, 6, 16, tzinfo=copenhagen)
    assert daily_schedule.run_if_due(owner="a:1", now=before) is None
    assert not DailyRun.objects.exists()
    report = daily_schedule.run_if_due(owner="a:1", now=after)
    assert report is not None and report.failed == ()
    assert daily_schedule.run_if_due(owner="b:2", now=after + dt.timedelta(hours=3)) is None
    run = DailyRun.objects.get()
    assert (run.day, run.owner, run.failed_steps) == (dt.date(2026, 12, 7), "a:1", [])
    assert run.finished is not None
    next_day = daily_schedule.run_if_due(owner="b:2", now=after + dt.timedelta(days=1))
    assert next_day is not None
    assert DailyRun.objects.count() == 2


@pytest.mark.django_db
def test_the_run_records_the_failed_steps(failing_step, settings):
    settings.DAILY_AT = "00:00"
    daily_schedule.run_if_due(owner="a:1")
    assert DailyRun.objects.get().failed_steps == [failing_step]


def test_it_names_a_bad_daily_at(settings):
    settings.DAILY_AT = "quarter past six"
    with pytest.raises(ValueError, match="DAILY_AT"):
        daily_schedule.daily_at()


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_taken_over_once_its_heartbeat_is_stale(settings):
    settings.DAILY_AT = "00:00"
    settings.HEALTH_WORKER_STALE_MINUTES = 15
    now = timezone.now()
    run = DailyRun.objects.create(day=timezone.localdate(now), started=now, owner="dead:1")
    assert daily_schedule.run_if_due(owner="b:2", now=now) is None  # just claimed, no beat yet
    DailyRun.objects.filter(pk=run.pk).update(started=now - dt.timedelta(minutes=20))
    WorkerHeartbeat.objects.create(owner="dead:1", seen=now - dt.timedelta(minutes=10))
    assert daily_schedule.run_if_due(owner="b:2", now=now) is None  # alive, still at it
    WorkerHeartbeat.objects.filter(owner="dead:1").update(seen=now - dt.timedelta(minutes=16))
    assert daily_schedule.run_if_due(owner="b:2", now=now) is not None
    run = DailyRun.objects.get()
    assert (run.owner, run.failed_steps) == ("b:2", [])
    assert run.finished is not None
    assert daily_schedule.run_if_due(owner="c:3", now=now) is None  # finished: never again
