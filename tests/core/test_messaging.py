"""core.messaging: messages rendered from templates in a language, links from SITE_URL, and the
e-mail or SMS they go by (the e-mail quota, SMS when there is no address)."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.utils import translation

from brobygger.core import messaging, sms

REMINDER = "activities/messages/reminder"


@pytest.fixture(autouse=True)
def _empty_outboxes():
    sms.outbox.clear()
    mail.outbox = []
    yield
    sms.outbox.clear()


def _reminder(**extra) -> dict:
    return {
        "title": "Strikkecafé",
        "when": "torsdag 4. juni 17.00–19.00",
        "where": messaging.lazy_text(lambda: translation.gettext("Online")),
        "hosting": "",
        "activity_url": messaging.site_url("/aktiviteter/7/"),
        **extra,
    }


@pytest.mark.parametrize(
    ("language", "subject", "first_line", "online"),
    [
        ("da", "I morgen: Strikkecafé", "En påmindelse om, at du er tilmeldt i morgen.", "Online"),
        (
            "en",
            "Tomorrow: Strikkecafé",
            "A reminder that you are signed up for tomorrow.",
            "Online",
        ),
        ("ar", "غدًا: Strikkecafé", "تذكير بأنك مسجّل لغدٍ.", "عبر الإنترنت"),
    ],
)
def test_it_renders_subject_and_body_in_the_language_asked_for(
    language, subject, first_line, online
):
    with translation.override("da"):  # the request's language does not leak into the message
        message = messaging.render(REMINDER, _reminder(), language=language)
    assert message.subject == subject
    lines = message.body.split("\n")
    assert lines[0] == first_line
    assert lines[2:5] == ["Strikkecafé", "torsdag 4. juni 17.00–19.00", online]
    assert message.name == REMINDER


def test_it_escapes_nothing_in_a_text_message():
    message = messaging.render(REMINDER, _reminder(title="Mor & barn <3"), language="en")
    assert message.subject == "Tomorrow: Mor & barn <3"
    assert "Mor & barn <3" in message.body


def test_the_subject_is_one_line_whatever_the_title_holds():
    title = "Strikkecafé\r\nBcc: everyone@example.org"
    message = messaging.render(REMINDER, _reminder(title=title), language="en")
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject == "Tomorrow: Strikkecafé Bcc: everyone@example.org"


def test_blank_line_runs_in_the_body_become_one():
    # no host text: the template's optional paragraph leaves no extra blank lines behind
    message = messaging.render(REMINDER, _reminder(hosting=""), language="en")
    assert "\n\n\n" not in message.body
    assert not message.body.startswith("\n") and not message.body.endswith("\n")
    with_host = messaging.render(REMINDER, _reminder(hosting="Ane"), language="en")
    assert "\n\nWho looks after you: Ane\n\n" in with_host.body
    assert messaging.collapse_blank_lines("a  \n\n\n \n\nb\n\n") == "a\n\nb"


def test_links_start_with_site_url(settings):
    settings.SITE_URL = "https://brobygger.example.dk/"
    assert messaging.site_url() == "https://brobygger.example.dk"
    assert messaging.site_url("/aktiviteter/7/") == "https://brobygger.example.dk/aktiviteter/7/"
    message = messaging.render(REMINDER, _reminder(), language="da")
    assert message.body.endswith("\nhttps://brobygger.example.dk/aktiviteter/7/")


@pytest.mark.django_db
def test_it_refuses_an_email_over_the_daily_quota_and_logs_no_address(settings, caplog):
    settings.EMAIL_PER_RECIPIENT_PER_DAY = 2
    message = messaging.Message(subject="Hej", body="Tekst", name="tests/quota")
    assert messaging.send_email(message, "Ann@Example.org")
    assert messaging.send_email(message, "ann@example.org")  # one address, however spelled
    with caplog.at_level(logging.WARNING, logger="brobygger.core.messaging"):
        assert not messaging.send_email(message, "ann@example.org")
    assert [m.to for m in mail.outbox] == [["Ann@Example.org"], ["ann@example.org"]]
    assert "tests/quota" in caplog.text and "ann@" not in caplog.text.lower()
    assert messaging.send_email(message, "ann@example.org", quota=False)  # staff e-mail
    assert messaging.send_email(message, "bo@example.org")  # another address has its own count
    assert len(mail.outbox) == 4


@pytest.mark.django_db
def test_it_sends_one_email_to_several_addresses_leaving_out_those_over_quota(settings):
    settings.EMAIL_PER_RECIPIENT_PER_DAY = 1
    message = messaging.Message(subject="Hej", body="Tekst")
    assert messaging.send_email(message, "a@example.org")
    assert messaging.send_email(message, ["a@example.org", "b@example.org"])
    assert mail.outbox[-1].to == ["b@example.org"]
    assert not messaging.send_email(message, ["a@example.org", "b@example.org"])


@pytest.mark.django_db
def test_deliver_texts_when_there_is_no_email_address():
    message = messaging.Message(subject="I morgen: Strikkecafé", body="Vi ses.")
    assert messaging.deliver(message, email="", phone="20 30 40 50")
    assert [(m.to, m.body) for m in sms.outbox] == [
        ("+4520304050", "I morgen: Strikkecafé\nVi ses.")
    ]
    assert mail.outbox == []


@pytest.mark.django_db
def test_deliver_prefers_email_and_sends_nothing_without_an_address():
    message = messaging.Message(subject="Hej", body="Tekst")
    assert messaging.deliver(message, email="ann@example.org", phone="20304050")
    assert [m.to for m in mail.outbox] == [["ann@example.org"]] and sms.outbox == []
    assert not messaging.deliver(message, email="", phone="")


@pytest.mark.django_db
def test_a_refused_text_message_is_logged_without_the_number(caplog):
    message = messaging.Message(subject="Hej", body="Tekst", name="tests/sms")
    with caplog.at_level(logging.WARNING, logger="brobygger.core.messaging"):
        assert not messaging.send_sms(message, "+1 900 555 0100")  # not an allowed prefix
    assert sms.outbox == []
    assert "tests/sms" in caplog.text and "555" not in caplog.text
