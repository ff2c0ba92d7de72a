"""Finding 11 (network and web part): a course's UID in the iCalendar feed does not depend on
the Host the feed was fetched under, and links in the network's e-mails and the accessibility
statement start with SITE_URL, never with the request's Host."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from brobygger.directory.models import Initiative
from brobygger.network import services
from tests.network.conftest import offer

FEED = "/netvaerk/kurser/kalender.ics"
SITE = "https://brobygger.aarhus.dk"


@pytest.fixture
def course(people):
    return services.course_submit(
        user=people["administrator"],
        title="Samtaler om ensomhed",
        organiser="Frivilligcenter Aarhus",
        starts_on=timezone.localdate() + dt.timedelta(days=10),
        place="Mejlgade 1",
    )


def _uids(client, host) -> list[str]:
    response = client.get(FEED, HTTP_HOST=host)
    assert response.status_code == 200
    return [str(e["UID"]) for e in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]


def test_it_gives_a_course_the_same_uid_under_every_host(settings, client, course):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "brobygger.aarhus.dk"]
    uids = {host: _uids(client, host) for host in settings.ALLOWED_HOSTS}
    assert uids["localhost"] == uids["127.0.0.1"] == uids["brobygger.aarhus.dk"]
    assert uids["localhost"] == [f"course-{course.pk}@brobygger"]


def test_it_links_the_accessibility_statement_to_site_url(settings, client, db):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["evil.example.org"]
    page = client.get("/tilgaengelighed/", HTTP_HOST="evil.example.org").content.decode()
    assert SITE in page
    assert "evil.example.org" not in page


def test_it_links_the_stale_reminders_of_the_stale_list_to_site_url(settings, people, client):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["evil.example.org"]
    ventilen = Initiative.objects.get(name="Ventilen")
    client.force_login(people["administrator"])
    response = client.post(
        "/administration/til-gennemsyn/",
        {"initiative": [str(ventilen.pk)], "action": "remind"},
        HTTP_HOST="evil.example.org",
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert len(mail.outbox) == 1
    assert f"{SITE}/tilbud/{ventilen.pk}/" in mail.outbox[0].body
    assert "evil.example.org" not in mail.outbox[0].body


def test_it_links_the_network_emails_to_site_url(
    settings, people, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    ventilen = Initiative.objects.get(name="Ventilen")
    with django_capture_on_commit_callbacks(execute=True):
        slot = offer(ventilen, people["editor"], citizens_welcome=False)
        services.booking_create(
            user=people["other_editor"],
            slot=slot,
            visitors=1,
            visitor_initiative=Initiative.objects.get(name="Ældre Sagens Besøgstjeneste"),
        )
    assert mail.outbox
    assert all(f"{SITE}/netvaerk/" in m.body for m in mail.outbox)
