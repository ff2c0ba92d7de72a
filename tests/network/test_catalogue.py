"""Courses (moderated, public, filtered, an RFC 5545 feed) and the idea catalogue (one vote
each, offers, by state most supported first, the all-or-nothing CSV seed)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.utils import timezone
from typer.testing import CliRunner

from brobygger.cli import app
from brobygger.network import services
from brobygger.network.models import Course, Idea, IdeaSupport


def _course(user, **extra):
    fields = {
        "title": "Samtaler om ensomhed",
        "organiser": "Frivilligcenter Aarhus",
        "starts_on": timezone.localdate() + dt.timedelta(days=10),
        "place": "Mejlgade 1",
        **extra,
    }
    return services.course_submit(user=user, **fields)


def test_it_holds_an_editors_course_for_moderation_and_shows_it_once_approved(people, client):
    course = _course(people["editor"])
    assert course.state == Course.State.PENDING
    assert "Samtaler om ensomhed" not in client.get("/netvaerk/kurser/").content.decode()
    client.force_login(people["administrator"])
    client.post("/netvaerk/kurser/moderering/", {"course": course.pk, "action": "approve"})
    client.logout()
    assert "Samtaler om ensomhed" in client.get("/netvaerk/kurser/").content.decode()


def test_it_adds_an_editors_course_through_the_page(people, client):
    client.force_login(people["editor"])
    starts = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = client.post(
        "/netvaerk/kurser/ny/",
        {"title": "Førstehjælp", "organiser": "Ventilen", "starts_on": starts, "online": "on"},
    )
    assert response.status_code == 302
    course = Course.objects.get(title="Førstehjælp")
    assert course.state == Course.State.PENDING and course.organization.name == "Ventilen"


def test_it_names_the_field_of_a_bad_course(people):
    with pytest.raises(services.NetworkError, match="^place:"):
        _course(people["editor"], place="")
    with pytest.raises(services.NetworkError, match="^url:"):
        _course(people["editor"], url="javascript:alert(1)")
    with pytest.raises(services.NetworkError, match="^ends_on:"):
        _course(people["editor"], ends_on=timezone.localdate())


def test_it_filters_the_courses(people, client):
    admin = people["administrator"]
    _course(admin, title="Online-kursus", online=True, place="", price="Gratis")
    _course(admin, title="Kursus i byen", price="300 kr.")
    _course(admin, title="Gammelt kursus", starts_on=timezone.localdate() - dt.timedelta(days=9))

    def titles(query):
        page = client.get("/netvaerk/kurser/" + query).content.decode()
        return [t for t in ("Online-kursus", "Kursus i byen", "Gammelt kursus") if t in page]

    assert titles("") == ["Online-kursus", "Kursus i byen"]
    assert titles("?format=online") == ["Online-kursus"]
    assert titles("?format=place") == ["Kursus i byen"]
    assert titles("?free=on") == ["Online-kursus"]
    assert titles("?q=byen") == ["Kursus i byen"]


def test_it_serves_a_valid_icalendar_feed_of_the_approved_courses(people, client):
    _course(people["administrator"], ends_on=timezone.localdate() + dt.timedelta(days=11))
    _course(people["editor"], title="Ikke godkendt")
    response = client.get("/netvaerk/kurser/kalender.ics")
    assert response["Content-Type"].startswith("text/calendar")
    raw = response.content
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n") and raw.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # RFC 5545 3.1: folded lines
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Samtaler om ensomhed"]
    event = events[0]
    assert event["UID"] and event["DTSTAMP"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (end - start).days == 2  # two days, DTEND exclusive for all-day events


def test_it_counts_one_vote_per_person(people):
    idea = Idea.objects.create(title="Fællesspisning")
    assert services.idea_support(user=people["citizen"], idea=idea) is True
    assert services.idea_support(user=people["citizen"], idea=idea) is False
    assert IdeaSupport.objects.filter(idea=idea).count() == 1


def test_it_lists_ideas_by_state_most_supported_first(people, client):
    few = Idea.objects.create(title="Lidt støttet")
    many = Idea.objects.create(title="Meget støttet")
    Idea.objects.create(title="Lagt til side", state=Idea.State.SET_ASIDE, outcome="For dyrt")
    for role in ("citizen", "staff"):
        services.idea_support(user=people[role], idea=many)
    services.idea_support(user=people["editor"], idea=few)
    page = client.get("/netvaerk/ideer/").content.decode()
    assert page.index("Meget støttet") < page.index("Lidt støttet") < page.index("Lagt til side")
    assert 'data-supports="2"' in page


def test_it_sends_anonymous_supporters_to_log_in(db, client):
    idea = Idea.objects.create(title="Fællesspisning")
    response = client.post(f"/netvaerk/ideer/{idea.pk}/stoet/")
    assert "/konto/log-ind/" in response["Location"]
    assert not IdeaSupport.objects.exists()


def test_it_records_an_offer_to_take_part(people, client):
    idea = Idea.objects.create(title="Fællesspisning")
    client.force_login(people["citizen"])
    client.post(f"/netvaerk/ideer/{idea.pk}/deltag/", {"message": "Jeg kan lave mad"})
    assert [o.message for o in idea.offers.all()] == ["Jeg kan lave mad"]


def test_it_wants_the_reason_when_an_idea_is_set_aside(db):
    idea = Idea.objects.create(title="Fællesspisning")
    with pytest.raises(services.NetworkError, match="^outcome:"):
        services.idea_set_state(idea=idea, state=Idea.State.SET_ASIDE)
    services.idea_set_state(idea=idea, state=Idea.State.TRIED, outcome="Det virkede")
    assert Idea.objects.get(pk=idea.pk).state == Idea.State.TRIED


GOOD = (
    "title,description,proposed_by,state,outcome\n"
    "Fællesspisning,Spis sammen,Ventilen,idea,\n"
    "Gå-makker,,Hanne,tried,Godt modtaget\n"
)


def test_it_seeds_the_ideas_from_csv_and_skips_those_already_there(seeded, tmp_path):
    path = tmp_path / "ideer.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert services.ideas_import(path) == (2, 0)
    ventilen = Idea.objects.get(title="Fællesspisning")
    assert ventilen.proposed_by_organization.name == "Ventilen"
    assert Idea.objects.get(title="Gå-makker").proposed_by_person == "Hanne"
    assert services.ideas_import(path) == (0, 2)
    assert Idea.objects.count() == 2


def test_it_saves_nothing_from_a_csv_with_a_bad_row_and_names_row_and_field(db, tmp_path):
    path = tmp_path / "ideer.csv"
    path.write_text(GOOD + ",no title,,idea,\nPrøvet,,,tried,\nX,,,someday,\n", encoding="utf-8")
    with pytest.raises(services.IdeaImportError) as error:
        services.ideas_import(path)
    assert error.value.errors == [
        "ideer.csv row 4, title: required",
        "ideer.csv row 5, outcome: required when the state is tried",
        "ideer.csv row 6, state: 'someday' is not one of idea, taken, trying, tried, set_aside",
    ]
    assert not Idea.objects.exists()


def test_it_imports_from_the_command_line_and_exits_2_on_a_bad_file(db, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(GOOD, encoding="utf-8")
    bad.write_text("titel\nFællesspisning\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["network", "ideas-import", str(bad)])
    assert result.exit_code == 2
    assert "bad.csv: the header row must have a 'title' column" in result.output
    result = CliRunner().invoke(app, ["network", "ideas-import", str(good)])
    assert result.exit_code == 0, result.output
    assert "Imported 2 ideas" in result.output


def test_it_documents_the_commands_in_their_help():
    result = CliRunner().invoke(app, ["network", "--help"])
    assert "remind" in result.output and "ideas-import" in result.output
    result = CliRunner().invoke(app, ["network", "ideas-import", "--help"])
    assert "set_aside" in result.output
