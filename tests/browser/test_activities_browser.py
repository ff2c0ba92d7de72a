"""Aktiviteter in a real browser at 390 px: a citizen finds Thursday's activities near 8000,
signs up asking for company, gets the e-mail and later cancels with its link; the host sees who
is coming; the broker pairs a volunteer. axe and horizontal overflow are checked on each page."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from brobygger.activities import services
from brobygger.activities.models import SignUp, VolunteerAvailability
from brobygger.directory.models import Organization
from tests.browser.conftest import axe_violations, log_in

PHONE = {"width": 390, "height": 844}


def _next_thursday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(3 - today.weekday()) % 7 or 7)


def _check(page) -> None:
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} overflows by {overflow}px"


def _context(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_a_citizen_signs_up_asks_for_company_and_cancels(chromium, live_server, people,
                                                          volunteer):  # fmt: skip
    thursday = _next_thursday()
    starts = timezone.make_aware(dt.datetime.combine(thursday, dt.time(13, 0)))
    activity = services.activity_create(
        user=people["editor"],
        data=services.ActivityInput(
            title="Torsdagskaffe og brætspil",
            description="Kaffe, kage og brætspil. Nye er velkomne.",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2),
            place_name="Ventilen",
            address="Mejlgade 10",
            postcode="8000",
            capacity=8,
            welcome="Værten møder dig ved døren.",
            organization_id=Organization.objects.get(name="Ventilen").pk,
        ),
    )
    volunteer.first_name, volunteer.last_name = "Vera", "Frivillig"
    volunteer.save(update_fields=["first_name", "last_name"])
    VolunteerAvailability.objects.create(
        volunteer=volunteer, weekday=3, from_time=dt.time(12, 0), to_time=dt.time(17, 0)
    )

    citizen_context, page = _context(chromium, live_server)
    page.goto(f"/aktiviteter/kalender/?view=week&start={thursday.isoformat()}")
    page.locator("#activity-filters > summary").click()  # folded away on a phone
    page.locator("#id_postcode").fill("8000")
    # The form also asks htmx for the results when the postcode changes (on leaving the field,
    # when the button is pressed), and htmx puts the same address in the address bar: so the wait
    # is for the browser's own answer to the button, a new page that has loaded.
    with page.expect_event("load"):
        page.locator("form.search button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]postcode=8000"))
    expect(page.locator("#id_postcode")).to_have_value("8000")
    _check(page)
    page.get_by_role("link", name="Torsdagskaffe og brætspil").first.click()
    expect(page.locator("h1")).to_have_text("Torsdagskaffe og brætspil")
    _check(page)
    page.locator("#id_name").fill("Ane Andersen")
    page.locator("#id_email").fill("ane@example.org")
    page.locator("#id_wants_company").check()
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("#cancel-code")).to_be_visible()
    _check(page)
    signup = SignUp.objects.get(activity=activity)
    assert signup.status == "confirmed" and signup.wants_company
    (message,) = [m for m in mail.outbox if m.to == ["ane@example.org"]]
    cancel_link = re.search(r"https?://\S+#kode=\S+", message.body).group(0)

    host_context, host = _context(chromium, live_server)
    log_in(host, "editor")
    host.goto(f"/aktiviteter/{activity.pk}/deltagere/")
    expect(host.locator("main")).to_contain_text("Ane Andersen")
    _check(host)

    broker_context, broker = _context(chromium, live_server)
    log_in(broker, "broker")
    broker.goto("/aktiviteter/foelgevenner/")
    expect(broker.locator("main")).to_contain_text("Vera Frivillig")
    _check(broker)
    broker.locator(f"#volunteer-{signup.pk}").select_option(str(volunteer.pk))
    with broker.expect_navigation():
        broker.locator(f"#volunteer-{signup.pk} ~ button").click()
    expect(broker.locator("p.success[role=status]")).to_have_text("Gemt.")
    expect(broker.locator(f"#volunteer-{signup.pk}")).to_have_value(str(volunteer.pk))
    signup.refresh_from_db()
    assert signup.companion_id == volunteer.pk

    sent = urlsplit(cancel_link)  # the link's own host is the mail's concern, not this test's
    page.goto(f"{sent.path}#{sent.fragment}")
    expect(page.locator("#id_code")).not_to_have_value("")
    assert "#kode=" not in page.url  # the code left the address bar
    page.locator("main form button[type=submit]").click()
    expect(page.locator("p.success[role=status]")).to_contain_text("Torsdagskaffe og brætspil")
    _check(page)
    signup.refresh_from_db()
    assert signup.status == "cancelled"
    for context in (citizen_context, host_context, broker_context):
        context.close()


def test_arabic_pages_read_right_to_left_without_overflow(chromium, live_server, activity_for_rtl):
    context, page = _context(chromium, live_server)
    context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    for path in ("/aktiviteter/", f"/aktiviteter/{activity_for_rtl.pk}/", "/faellesskab/kontakt/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.dir") == "rtl"
        expect(page.locator(".draft-translation")).to_be_visible()  # a draft, and it says so
        _check(page)
    context.close()


@pytest.fixture
def activity_for_rtl(people):
    starts = timezone.now() + dt.timedelta(days=2)
    return services.activity_create(
        user=people["editor"],
        data=services.ActivityInput(
            title="Kaffe", description="Kaffe og kage.", starts_at=starts,
            ends_at=starts + dt.timedelta(hours=1), address="Mejlgade 10", postcode="8000",
            organization_id=Organization.objects.get(name="Ventilen").pk,
        ),
    )  # fmt: skip
