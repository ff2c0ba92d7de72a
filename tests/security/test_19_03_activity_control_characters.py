"""Finding 19.3 (activities): a CR/LF in an activity title broke every e-mail sign-up (500 after
the sign-up was stored) and stopped the whole daily job, the 30-day deletion included. Control
characters are refused where activities are written (web form, API, service); subjects are one
line; each daily step runs on its own, deletion first, and one failing message is retried."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail import BadHeaderError
from typer.testing import CliRunner

from brobygger.activities import daily, messages, services, signups
from brobygger.activities.cli import activities_app
from brobygger.activities.models import Activity, SignUp
from tests.activities.factories import activity_input

pytestmark = pytest.mark.django_db


EVIL = "Strikkecafé\r\nBcc: everyone@example.org"


def _form_body(**extra):
    day = (dt.date.today() + dt.timedelta(days=5)).isoformat()
    body = {
        "title": "Strikkecafé",
        "description": "Vi strikker.\r\nOg drikker kaffe.",
        "date": day,
        "starts": "14:00",
        "ends": "16:00",
        "address": "Mejlgade 10",
        "postcode": "8000",
        "may_bring_someone": "on",
    }
    body.update(extra)
    return body


def _api_body(**extra):
    starts = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=5)
    body = {
        "title": "Strikkecafé",
        "description": "Vi strikker.",
        "address": "Mejlgade 10",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
    }
    body.update(extra)
    return body


def test_it_refuses_a_line_break_in_a_title_from_the_web_form(client, people):
    client.force_login(people["editor"])
    page = client.post("/aktiviteter/ny/", _form_body(title=EVIL), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Fjern linjeskiftet eller kontroltegnet" in page.content.decode()
    assert not Activity.objects.exists()


def test_it_keeps_line_breaks_in_the_description_from_the_web_form(client, people):
    client.force_login(people["editor"])
    assert client.post("/aktiviteter/ny/", _form_body()).status_code == 302
    assert Activity.objects.get().description == "Vi strikker.\nOg drikker kaffe."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", EVIL),
        ("place_name", "Café\x85"),
        ("description", "Vi\x00strikker"),
        ("welcome", "Ved\x1bdøren"),
    ],
)
def test_it_refuses_control_characters_through_the_api(client, people, field, value):
    client.force_login(people["editor"])
    response = client.post(
        "/api/v1/activities/", _api_body(**{field: value}), content_type="application/json"
    )
    assert response.status_code == 400
    assert field in str(response.json()["detail"])
    assert not Activity.objects.exists()


def test_the_service_refuses_control_characters_naming_the_field(people):
    with pytest.raises(services.ActivityError) as caught:
        services.activity_create(user=people["editor"], data=activity_input(title=EVIL))
    assert "title" in caught.value.errors
    with pytest.raises(services.ActivityError) as caught:
        services.activity_create(user=people["editor"], data=activity_input(hosting="a\x07b"))
    assert "hosting" in caught.value.errors
    assert not Activity.objects.exists()


def test_it_refuses_a_line_break_in_a_sign_up_name(client, activity):
    response = client.post(
        f"/api/v1/activities/{activity.pk}/signups",
        {"name": "Per\r\nBcc: x", "email": "per@example.org"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not SignUp.objects.exists()


def test_an_e_mail_sign_up_works_for_an_old_title_holding_a_line_break(client, activity):
    Activity.objects.filter(pk=activity.pk).update(title=EVIL)  # stored before the fix
    response = client.post(
        f"/aktiviteter/{activity.pk}/tilmeld/", {"name": "Per", "email": "per@example.org"}
    )
    assert response.status_code == 201
    assert len(mail.outbox) == 1
    assert "\n" not in mail.outbox[0].subject and "\r" not in mail.outbox[0].subject


def _signed_up_for_tomorrow(activity, n=2):
    for i in range(n):
        signups.signup_create(activity=activity, name=f"P{i}", email=f"p{i}@example.org")
    mail.outbox = []
    return activity.starts_at - dt.timedelta(days=1)


def test_the_deletion_runs_even_when_every_other_step_fails(activity, monkeypatch, settings):
    settings.ACTIVITIES_RETENTION_DAYS = 30
    signups.signup_create(activity=activity, name="Old", email="old@example.org")

    def broken(**kwargs):
        raise RuntimeError("a step that breaks")

    for step in ("reminders_send", "meet_again_send", "held_mark", "series_make"):
        monkeypatch.setattr(daily, step, broken)
    report = daily.daily_run(now=activity.ends_at + dt.timedelta(days=31))
    assert report.anonymised == 1
    assert set(report.failed) == {"reminders", "meet_again", "held", "series"}
    assert SignUp.objects.get().name == ""


def test_one_failing_message_does_not_stop_the_others_and_is_retried(activity, monkeypatch):
    now = _signed_up_for_tomorrow(activity, n=3)
    real = messages.reminder

    def flaky(signup, **kwargs):
        if signup.email == "p1@example.org":
            raise BadHeaderError("the gateway said no")
        return real(signup, **kwargs)

    monkeypatch.setattr(messages, "reminder", flaky)
    assert daily.reminders_send(now=now) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["p0@example.org", "p2@example.org"]
    assert SignUp.objects.get(email="p1@example.org").reminder_sent_at is None
    monkeypatch.setattr(messages, "reminder", real)
    mail.outbox = []
    assert daily.reminders_send(now=now) == 1
    assert [m.to[0] for m in mail.outbox] == ["p1@example.org"]


def test_a_message_that_could_not_be_delivered_is_tried_again(activity):
    signups.signup_create(activity=activity, name="Per", phone="20304050")
    now = activity.starts_at - dt.timedelta(days=1)
    SignUp.objects.update(phone="+882 1234 5678")  # a number we cannot text any more
    assert daily.reminders_send(now=now) == 0
    assert SignUp.objects.get().reminder_sent_at is None


def test_the_reminders_still_go_once_when_the_title_holds_a_line_break(activity):
    now = _signed_up_for_tomorrow(activity)
    Activity.objects.filter(pk=activity.pk).update(title=EVIL)
    report = daily.daily_run(now=now)
    assert report.reminders == 2 and report.failed == ()
    assert daily.daily_run(now=now).reminders == 0
    assert all("\n" not in m.subject for m in mail.outbox)


def test_the_command_exits_non_zero_naming_the_failed_step(activity, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a step that breaks")

    monkeypatch.setattr(daily, "held_mark", broken)
    result = CliRunner().invoke(activities_app, ["remind"])
    assert result.exit_code != 0
    assert "held" in result.output
    monkeypatch.undo()
    assert CliRunner().invoke(activities_app, ["remind"]).exit_code == 0
