"""Finding 3 (directory and network part): an e-mail's subject is one line even when the name in
it holds a line break (older data, or the admin site), so the message is sent, not refused with
BadHeaderError; links in the body start with SITE_URL."""

from __future__ import annotations

from django.core import mail

from brobygger.directory import notifications
from brobygger.directory.models import Initiative
from brobygger.network import services
from tests.network.conftest import offer

BROKEN = "Ventilen\r\nBcc: everyone@example.org"


def _rename(initiative: Initiative) -> Initiative:
    Initiative.objects.filter(pk=initiative.pk).update(name=BROKEN)
    initiative.refresh_from_db()
    return initiative


def test_it_sends_the_stale_reminder_with_a_one_line_subject(people):
    ventilen = _rename(Initiative.objects.get(name="Ventilen"))
    assert notifications.stale_reminder_send(ventilen)
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Ventilen Bcc: everyone@example.org" in message.subject
    assert message.recipients() == ["editor@example.org"]


def test_it_tells_the_brokers_with_a_one_line_subject(people):
    ventilen = _rename(Initiative.objects.get(name="Ventilen"))
    notifications.referral_contact_changed(
        initiative=ventilen, user=people["editor"], old=None, new=people["editor"]
    )
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.recipients() == ["broker@example.org"]


def test_it_sends_the_network_emails_with_a_one_line_subject(
    people, django_capture_on_commit_callbacks
):
    ventilen = _rename(Initiative.objects.get(name="Ventilen"))
    with django_capture_on_commit_callbacks(execute=True):
        slot = offer(ventilen, people["editor"], citizens_welcome=False)
        services.booking_create(
            user=people["other_editor"],
            slot=slot,
            visitors=1,
            visitor_initiative=Initiative.objects.get(name="Ældre Sagens Besøgstjeneste"),
        )
    assert mail.outbox
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.recipients() != ["everyone@example.org"]
