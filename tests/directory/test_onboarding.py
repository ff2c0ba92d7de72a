"""Editors completing their entries: the checklist, "Mine tilbud" (confirm, new initiative),
the administrator's stale list in bulk, the drafts list, and schedules entered as rows."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core import mail
from django.utils import timezone, translation

from brobygger.directory import services
from brobygger.directory.checklist import checklist
from brobygger.directory.models import Initiative, InitiativeRevision, Schedule, Suggestion
from tests.accounts.otp_helpers import VerifiedClient
from tests.directory.test_views import EDIT_FORM


def _complete(initiative, contact):
    services.initiative_update(
        initiative=initiative,
        user=None,
        fields={"description": "Vi spiser sammen.", "referral_contact": contact},
        details={"address_1": "Grenåvej 12", "postal_code": "8240", "city": "Risskov"},
        schedules=[
            {"byday": "TU", "opens_at": dt.time(10), "closes_at": dt.time(12), "interval": 1}
        ],
    )


def test_it_counts_what_a_seeded_entry_is_missing(people, ventilen):
    assert checklist(ventilen).missing == (
        "description",
        "address",
        "times",
        "contact",
        "first_visit",
    )
    _complete(ventilen, people["editor"])
    check = checklist(Initiative.objects.get(pk=ventilen.pk))
    assert check.done == ("description", "address", "times", "contact")
    assert check.missing == ("first_visit",) and not check.complete
    with translation.override("en"):
        assert check.missing_labels == ["The first time"]


def test_it_shows_the_editor_how_complete_each_entry_is(client, people, ventilen):
    _complete(ventilen, people["editor"])
    client.force_login(people["editor"])
    page = client.get("/mine-tilbud/").content.decode()
    assert 'data-done="4" data-total="5"' in page
    assert f'href="/tilbud/{ventilen.pk}/rediger/"' in page
    assert "Ældre Sagen" not in page  # only the editor's own organisation


def test_the_confirm_button_sets_last_reviewed_and_keeps_history(client, people, ventilen):
    assert ventilen.last_reviewed is None
    client.force_login(people["editor"])
    response = client.post(f"/tilbud/{ventilen.pk}/bekraeft/", {"next": "mine"})
    assert response["Location"] == "/mine-tilbud/"
    ventilen.refresh_from_db()
    assert ventilen.last_reviewed == timezone.localdate()
    revision = InitiativeRevision.objects.filter(initiative=ventilen, action="updated").get()
    assert revision.user == people["editor"]
    assert revision.changes["last_reviewed"][0] is None
    client.force_login(people["other_editor"])
    assert client.post(f"/tilbud/{ventilen.pk}/bekraeft/").status_code == 403


def test_an_editor_creates_a_draft_for_their_own_organisation_only(client, people, ventilen):
    client.force_login(people["editor"])
    org = ventilen.organization
    response = client.post("/tilbud/nyt/", {"name": "  Ny  Klub ", "organization": org.pk})
    created = Initiative.objects.get(name="Ny Klub")
    assert response["Location"] == f"/tilbud/{created.pk}/rediger/"
    assert created.status == Initiative.Status.DRAFT and created.organization == org
    assert created.revisions.get().action == "created"
    other = Initiative.objects.get(name="Ældre Sagens Besøgstjeneste").organization
    client.post("/tilbud/nyt/", {"name": "Snyd", "organization": other.pk})
    assert not Initiative.objects.filter(name="Snyd").exists()
    client.force_login(people["broker"])
    assert client.post("/tilbud/nyt/", {"name": "X", "organization": org.pk}).status_code == 403


def test_the_stale_list_reminds_in_bulk_and_says_how_many(client, people, seeded):
    chosen = list(Initiative.objects.filter(organization__name__in=["Ventilen", "Ældre Sagen"]))
    orphan = Initiative.objects.exclude(organization__name__in=["Ventilen", "Ældre Sagen"]).first()
    client.force_login(people["administrator"])
    with translation.override("en"):
        response = client.post(
            "/administration/til-gennemsyn/",
            {"action": "remind", "initiative": [str(i.pk) for i in chosen] + [str(orphan.pk)]},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert len(mail.outbox) == len(chosen) == 6
    site = settings.SITE_URL.rstrip("/")  # never the request's Host (tests/security/test_19_11…)
    assert all(f"{site}/tilbud/" in m.body for m in mail.outbox)
    assert not any("testserver" in m.body for m in mail.outbox)
    assert {tuple(m.to) for m in mail.outbox} == {
        ("editor@example.org",),
        ("other_editor@example.org",),
    }
    messages = [str(m) for m in response.context["messages"]]
    assert any(("6" in m and "1" in m) for m in messages), messages
    assert Initiative.objects.filter(stale_reminder_sent_at__isnull=False).count() == 6


def test_the_stale_list_confirms_in_bulk(client, people, seeded):
    chosen = list(Initiative.objects.order_by("name")[:3])
    client.force_login(people["administrator"])
    client.post(
        "/administration/til-gennemsyn/",
        {"action": "confirm", "initiative": [str(i.pk) for i in chosen]},
    )
    today = timezone.localdate()
    assert Initiative.objects.filter(last_reviewed=today).count() == 3
    assert (
        InitiativeRevision.objects.filter(action="updated", user=people["administrator"]).count()
        == 3
    )
    page = client.get("/administration/til-gennemsyn/").content.decode()
    assert all(i.name not in page for i in chosen)
    assert "37" in page


def test_the_stale_bulk_actions_are_the_administrators_and_need_a_post(client, people, seeded):
    some = str(Initiative.objects.first().pk)
    client.force_login(people["editor"])
    assert (
        client.post(
            "/administration/til-gennemsyn/", {"action": "confirm", "initiative": some}
        ).status_code
        == 403
    )
    assert not Initiative.objects.filter(last_reviewed__isnull=False).exists()
    csrf_client = VerifiedClient(enforce_csrf_checks=True)
    csrf_client.force_login(people["administrator"])
    response = csrf_client.post(
        "/administration/til-gennemsyn/", {"action": "confirm", "initiative": some}
    )
    assert response.status_code == 403  # no CSRF token


def test_accepting_a_suggestion_leads_to_the_drafts_list(client, people, seeded):
    suggestion = Suggestion.objects.create(name="Brætspilscafé", description="Vi spiller.")
    client.force_login(people["administrator"])
    response = client.post(
        "/administration/forslag/",
        {"suggestion": suggestion.pk, "decision": "accept"},
        follow=True,
    )
    page = response.content.decode()
    assert 'href="/administration/kladder/"' in page  # in the message and on the page
    drafts = client.get("/administration/kladder/").content.decode()
    assert "Brætspilscafé" in drafts and "Ventilen" not in drafts
    client.force_login(people["editor"])
    assert client.get("/administration/kladder/").status_code == 403


def _rows(*rows):
    data = {"schedule-TOTAL_FORMS": str(len(rows)), "schedule-INITIAL_FORMS": "0"}
    for n, (day, opens, closes, every) in enumerate(rows):
        data |= {
            f"schedule-{n}-byday": day,
            f"schedule-{n}-opens_at": opens,
            f"schedule-{n}-closes_at": closes,
            f"schedule-{n}-interval": every,
        }
    return data


def test_an_editor_enters_several_schedules_as_weekday_rows(client, people, ventilen):
    client.force_login(people["editor"])
    form = {k: v for k, v in EDIT_FORM.items() if not k.startswith("schedule-")}
    rows = _rows(("TU", "10:00", "12:00", "1"), ("TH", "14:00", "16:00", "2"), ("", "", "", "1"))
    response = client.post(f"/tilbud/{ventilen.pk}/rediger/", form | rows)
    assert response.status_code == 302
    stored = sorted(
        ventilen.schedules.values_list("freq", "byday", "interval", "opens_at", "closes_at")
    )
    assert stored == [
        ("WEEKLY", "TH", 2, dt.time(14), dt.time(16)),
        ("WEEKLY", "TU", 1, dt.time(10), dt.time(12)),
    ]
    page = client.get(f"/tilbud/{ventilen.pk}/")
    assert page.status_code == 200
    # what a reader sees: Danish weekday names, never the rule's codes (the CSRF token and other
    # attribute values may hold "TU" by chance)
    shown = re.sub(r"<(style|script)\b.*?</\1>|<[^>]+>", " ", page.content.decode(), flags=re.S)
    assert "tirsdag" in shown.lower()
    assert not re.search(r"\b(TU|TH)\b", shown)
    edit = client.get(f"/tilbud/{ventilen.pk}/rediger/").content.decode()
    assert 'name="schedule-1-byday"' in edit and 'value="TH" selected' in edit


def test_a_bad_schedule_row_is_named_and_nothing_is_saved(client, people, ventilen):
    Schedule.objects.create(initiative=ventilen, freq="WEEKLY", byday="MO", interval=1)
    client.force_login(people["editor"])
    client.cookies["django_language"] = "en"  # the page is Danish by default
    form = {k: v for k, v in EDIT_FORM.items() if not k.startswith("schedule-")}
    with translation.override("en"):
        bad_time = _rows(("TU", "10:00", "12:00", "1"), ("WE", "16:00", "14:00", "1"))
        response = client.post(f"/tilbud/{ventilen.pk}/rediger/", form | bad_time)
        assert response.status_code == 200
        assert "Row 2: the end time must be after the start time." in response.content.decode()
        no_day = _rows(("", "10:00", "12:00", "1"))
        response = client.post(f"/tilbud/{ventilen.pk}/rediger/", form | no_day)
        assert "Row 1: choose a weekday." in response.content.decode()
    assert list(ventilen.schedules.values_list("byday", flat=True)) == ["MO"]
    ventilen.refresh_from_db()
    assert ventilen.description == ""


def test_the_service_refuses_a_bad_row_by_number(ventilen):
    import pytest

    good = {"byday": "TU", "opens_at": dt.time(10), "closes_at": dt.time(12), "interval": 1}
    with translation.override("en"), pytest.raises(services.DirectoryError, match="Row 2"):
        services.schedules_replace(
            initiative=ventilen, user=None, rows=[good, dict(good, interval=3)]
        )
    assert not ventilen.schedules.exists()
