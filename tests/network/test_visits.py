"""Pop-up visits through the services and pages: confirm, cancel (frees the slot, tells the
others), reminders the day before (once), notes after the visit, and no citizen names."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from brobygger.network import services
from brobygger.network.models import VisitBooking, VisitNote, VisitSlot
from tests.network.conftest import offer


def test_it_tells_the_host_of_a_booking_and_the_visitors_of_the_confirmation(
    network, django_capture_on_commit_callbacks
):
    p = network["people"]
    with django_capture_on_commit_callbacks(execute=True):
        booking, _ = services.booking_create(
            user=p["staff"], slot=network["slot"], visitor_arena=network["jobcenter"], visitors=1
        )
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_confirm(user=p["editor"], booking=booking)
    assert [m.to for m in mail.outbox] == [["staff@example.org"]]
    assert VisitBooking.objects.get(pk=booking.pk).confirmed_at is not None


def test_the_booking_email_speaks_one_language_the_staffs(
    network, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"  # the staff's language, whatever the booker's page was in
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(
            user=network["people"]["staff"],
            slot=network["slot"],
            visitor_arena=network["jobcenter"],
            visitors=2,
            citizens=1,
            calm_welcome=True,
        )
    (message,) = mail.outbox
    host = network["slot"].initiative.name
    assert message.subject == f"A visit to {host} was booked"
    assert "Visitors: 2. Citizens along: 1." in message.body
    assert "They need a calm welcome." in message.body
    assert " / " not in message.subject + message.body  # not two languages side by side


def test_it_frees_the_places_and_tells_the_others_when_a_visit_is_cancelled(
    network, django_capture_on_commit_callbacks
):
    p, slot = network["people"], network["slot"]
    assert services.places_taken(slot) == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(user=p["other_editor"], booking=network["future_booking"])
    assert services.places_taken(slot) == 0
    recipients = {address for m in mail.outbox for address in m.to}
    assert recipients == {"editor@example.org"}  # the host; not the one who cancelled
    booking, created = services.booking_create(
        user=p["staff"], slot=slot, visitor_arena=network["jobcenter"], visitors=4
    )
    assert created and booking.visitors == 4


def test_it_cancels_every_booking_when_the_host_cancels_the_slot(
    network, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.slot_cancel(user=network["people"]["editor"], slot=network["slot"])
    assert VisitBooking.objects.get(pk=network["future_booking"].pk).cancelled_at is not None
    assert {a for m in mail.outbox for a in m.to} == {"other_editor@example.org"}
    with pytest.raises(services.NetworkError, match="^slot:"):
        services.booking_create(
            user=network["people"]["staff"],
            slot=network["slot"],
            visitor_arena=network["jobcenter"],
            visitors=1,
        )


def test_it_refuses_to_cancel_a_visit_that_has_taken_place(network):
    with pytest.raises(services.NetworkError, match="^booking:"):
        services.booking_cancel(user=network["people"]["staff"], booking=network["past_booking"])
    with pytest.raises(services.NetworkError, match="^slot:"):
        services.slot_cancel(user=network["people"]["editor"], slot=network["past_slot"])
    assert VisitBooking.objects.get(pk=network["past_booking"].pk).cancelled_at is None


def test_it_reminds_both_sides_the_day_before_once(network):
    slot = network["slot"]
    tomorrow = timezone.now() + dt.timedelta(days=1)
    VisitSlot.objects.filter(pk=slot.pk).update(
        starts_at=tomorrow, ends_at=tomorrow + dt.timedelta(hours=1)
    )
    two_days = offer(network["ventilen"], network["people"]["editor"], days=3)
    services.booking_create(
        user=network["people"]["staff"],
        slot=two_days,
        visitor_arena=network["jobcenter"],
        visitors=1,
    )
    mail.outbox.clear()
    assert services.reminders_send() == 1
    assert {a for m in mail.outbox for a in m.to} == {
        "editor@example.org",
        "other_editor@example.org",
    }
    assert services.reminders_send() == 0  # the same day again, or the next: nothing more
    assert len(mail.outbox) == 2


def test_it_lets_a_visitor_write_a_note_only_after_the_visit(network):
    staff, other = network["people"]["staff"], network["people"]["other_editor"]
    with pytest.raises(services.NetworkError, match="^booking:"):
        services.note_write(
            user=other, booking=network["future_booking"], learned="x", could_send=""
        )
    services.note_write(
        user=staff, booking=network["past_booking"], learned="Godt sted", could_send=""
    )
    services.note_write(
        user=staff, booking=network["past_booking"], learned="Rigtig godt sted", could_send="Unge"
    )
    notes = VisitNote.objects.filter(booking=network["past_booking"])
    assert [(n.learned, n.could_send) for n in notes] == [("Rigtig godt sted", "Unge")]


def test_it_writes_a_note_through_the_page_with_a_warning_against_names(network, client):
    client.force_login(network["people"]["staff"])
    url = f"/netvaerk/booking/{network['past_booking'].pk}/noter/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="id_learned_helptext"' in page and 'aria-describedby="id_learned_helptext"' in page
    response = client.post(url, {"learned": "Varm velkomst", "could_send": ""})
    assert response.status_code == 302
    assert VisitNote.objects.get().learned == "Varm velkomst"


def test_it_books_a_slot_through_the_page_with_a_count_of_citizens(network, client):
    client.force_login(network["people"]["staff"])
    url = f"/netvaerk/besoeg/{network['slot'].pk}/"
    response = client.post(
        url,
        {
            "visitor": f"arena:{network['jobcenter'].pk}",
            "visitors": 1,
            "citizens": 1,
            "calm_welcome": "on",
        },
    )
    assert response.status_code == 302
    booking = VisitBooking.objects.get(slot=network["slot"], visitor_arena=network["jobcenter"])
    assert (booking.citizens, booking.calm_welcome) == (1, True)


def test_it_shows_the_form_error_when_the_slot_is_full(network, client):
    client.force_login(network["people"]["staff"])
    url = f"/netvaerk/besoeg/{network['slot'].pk}/"
    response = client.post(url, {"visitor": f"arena:{network['jobcenter'].pk}", "visitors": 9})
    assert response.status_code == 200
    assert "only 3 left" in response.content.decode()
    assert not VisitBooking.objects.filter(visitor_arena=network["jobcenter"], slot=network["slot"])


def test_it_keeps_no_field_for_a_citizens_name_or_contact(db):
    fields = {f.name for f in VisitBooking._meta.get_fields()}
    assert not fields & {"name", "citizen", "citizen_name", "phone", "email"}
    assert {"citizens", "calm_welcome"} <= fields


def test_it_draws_the_network_picture_with_the_same_data_as_the_table(network, client):
    client.force_login(network["people"]["broker"])
    page = client.get("/netvaerk/billede/").content.decode()
    assert page.count('class="edge"') == 2
    # SVG coordinates are plain numbers, never localised with a decimal comma
    coordinates = re.findall(r' (?:x1|y1|x2|y2|cx|cy|x|y)="([^"]*)"', page)
    assert coordinates and all(re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", c) for c in coordinates)
    assert f'data-to="{network["ventilen"].pk}"' in page
    table = page.split('id="visits-table"')[1].split("</table>")[0]
    assert "Jobcenter Aarhus" in table and "Ældre Sagens Besøgstjeneste" in table
    unvisited = page.split('id="unvisited"')[1].split("</ul>")[0]
    assert "Ventilen" not in unvisited and "Ældre Sagens Besøgstjeneste" in unvisited
    quarters = page.split('id="quarters-table"')[1].split("</table>")[0]
    counts = [int(cell.split("<")[0]) for cell in quarters.split('<td class="num">')[1:]]
    assert sum(counts) == 2  # the two bookings, by the quarter of their visit
