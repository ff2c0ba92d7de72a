"""A pop-up visit in a real browser: Ventilen's editor offers a slot; staff of Jobcenter Aarhus
book it, bringing a citizen; the host confirms; the visit happens and a note is written; the
network picture shows the edge. Every page passes axe-core at 1280 and 390 px, without
horizontal overflow. Locators use ids and data, not the (translated) text of new strings."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from brobygger.directory.models import Initiative
from brobygger.network.models import VisitBooking, VisitNote, VisitSlot
from brobygger.referrals.models import Arena
from tests.browser.conftest import axe_violations, log_in

WIDTHS = (1280, 390)


def _as(chromium, live_server, username):
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, username)
    return context, page


def _check(page) -> None:
    """axe finds nothing serious, and the page does not scroll sideways, at both widths."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert axe_violations(page) == [], (width, page.url)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, (width, overflow, page.url)
    page.set_viewport_size({"width": 1280, "height": 900})


def _submit(page) -> None:
    """Send the form and wait for the answer: the page the form leads to (or the form again)."""
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()


def test_a_pop_up_visit_from_offer_to_the_network_picture(chromium, live_server, people):
    ventilen = Initiative.objects.get(name="Ventilen")
    jobcenter = Arena.objects.get(name="Jobcenter Aarhus")
    starts = timezone.localtime() + dt.timedelta(days=3)

    editor_context, host = _as(chromium, live_server, "editor")
    host.goto("/netvaerk/besoeg/tilbyd/")
    host.locator("#id_initiative").select_option(str(ventilen.pk))
    host.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT10:00"))
    host.locator("#id_ends_at").fill(starts.strftime("%Y-%m-%dT12:00"))
    host.locator("#id_places").fill("4")
    host.locator("#id_citizens_welcome").check()
    host.locator("#id_description").fill("Fællesspisning og en rundvisning i værkstedet.")
    _check(host)
    _submit(host)
    slot = VisitSlot.objects.get(initiative=ventilen)
    assert (slot.places, slot.citizens_welcome) == (4, True)

    staff_context, visitor = _as(chromium, live_server, "staff")
    visitor.goto("/netvaerk/")
    expect(visitor.locator(f"#slot-{slot.pk}")).to_contain_text("Ventilen")
    _check(visitor)
    visitor.locator(f"#slot-{slot.pk} a").first.click()
    visitor.wait_for_url(re.compile(rf"/netvaerk/besoeg/{slot.pk}/"))
    visitor.locator("#id_visitor").select_option(f"arena:{jobcenter.pk}")
    visitor.locator("#id_visitors").fill("1")
    visitor.locator("#id_citizens").fill("1")
    visitor.locator("#id_calm_welcome").check()
    _check(visitor)
    _submit(visitor)
    booking = VisitBooking.objects.get(slot=slot)
    assert (booking.visitor_arena, booking.visitors, booking.citizens) == (jobcenter, 1, 1)
    assert booking.calm_welcome and booking.confirmed_at is None

    host.goto("/netvaerk/")
    expect(host.locator(f"#booking-{booking.pk}")).to_contain_text("Jobcenter Aarhus")
    _check(host)
    confirm = host.locator(f'#booking-{booking.pk} form[action$="/bekraeft/"]')
    with host.expect_navigation():
        confirm.locator("button").click()
    expect(host.locator(f"#booking-{booking.pk}")).to_contain_text("Jobcenter Aarhus")
    expect(confirm).to_have_count(0)  # confirmed: the button is gone
    booking.refresh_from_db()
    assert booking.confirmed_at is not None

    # The visit happens.
    past = timezone.now() - dt.timedelta(days=1)
    VisitSlot.objects.filter(pk=slot.pk).update(
        starts_at=past, ends_at=past + dt.timedelta(hours=2)
    )
    visitor.goto("/netvaerk/")
    visitor.locator(f"#visit-{booking.pk} a").last.click()
    visitor.locator("#id_learned").fill("Et roligt sted med plads til nye.")
    visitor.locator("#id_could_send").fill("Unge, der kan lide at lave mad.")
    _check(visitor)
    _submit(visitor)
    note = VisitNote.objects.get(booking=booking)
    assert note.author.username == "staff" and "roligt sted" in note.learned
    host.goto(f"/netvaerk/booking/{booking.pk}/noter/")
    expect(host.locator("main")).to_contain_text("Et roligt sted med plads til nye.")

    visitor.goto("/netvaerk/billede/")
    edge = visitor.locator(f'line.edge[data-from="{jobcenter.pk}"][data-to="{ventilen.pk}"]')
    expect(edge).to_have_count(1)
    expect(edge).to_have_attribute("data-visits", "1")
    expect(visitor.locator("#visits-table")).to_contain_text("Jobcenter Aarhus")
    _check(visitor)
    staff_context.close()
    editor_context.close()


def test_the_public_course_list_and_idea_catalogue_pass_axe(page, people):
    page.goto("/netvaerk/kurser/")
    _check(page)
    page.goto("/netvaerk/ideer/")
    _check(page)
