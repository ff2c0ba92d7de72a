"""The broker's link in a real browser at 390 px: from a case, the broker follows the link to
the activities that suit it, signs the citizen up with a følgeven and sees it confirmed; the
activity's host sees the sign-up on the participants page. axe and horizontal overflow are
checked on each page. The pages are read in English (the language switcher's cookie), so the
test does not depend on the Danish catalogue having caught up with new texts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from brobygger.activities import services
from brobygger.activities.models import SignUp
from brobygger.directory.models import Initiative, Organization
from brobygger.referrals import services as referral_services
from brobygger.referrals.models import Arena, Case
from tests.browser.conftest import axe_violations, log_in
from tests.referrals.conftest import citizen

PHONE = {"width": 390, "height": 844}


def _check(page) -> None:
    assert axe_violations(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} overflows by {overflow}px"


def _as(chromium, live_server, username):
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, username)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    return context, page


def test_the_broker_signs_up_a_case_with_a_foelgeven_and_the_host_sees_it(
    chromium, live_server, people
):
    case, _ = referral_services.referral_submit(
        user=people["staff"],
        arena=Arena.objects.get(name="Jobcenter Aarhus"),
        citizen_fields=citizen("Karin Kristensen", email="karin@example.org", wants_company=False),
        consent=referral_services.ConsentGiven(),
    )
    starts = timezone.localtime().replace(hour=13, minute=0, second=0, microsecond=0)
    starts += dt.timedelta(days=3)
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
            languages=["da"],
            welcome="Værten møder dig ved døren.",
            organization_id=Organization.objects.get(name="Ventilen").pk,
            initiative_id=Initiative.objects.get(name="Ventilen").pk,
        ),
    )
    reference = case.pseudonym

    broker_context, page = _as(chromium, live_server, "broker")
    page.goto(f"/formidler/sag/{case.pk}/")
    expect(page.get_by_role("heading", name="Karin Kristensen")).to_be_visible()
    expect(page.get_by_role("heading", name="Activities", exact=True)).to_be_visible()
    _check(page)
    page.get_by_role(
        "link", name="Find activities that suit the case and sign the citizen up"
    ).click()
    page.wait_for_url(f"**/aktiviteter/sag/{case.pk}/")
    expect(page.get_by_role("heading", name=f"Activities for case {reference}")).to_be_visible()
    _check(page)
    item = page.locator("#suitable-activities > li").filter(
        has=page.get_by_role("heading", name=activity.title)
    )
    company = item.get_by_label("Would like someone to go with them the first time")
    expect(company).not_to_be_checked()  # Karin did not ask for company when referred
    company.check()
    item.get_by_role("button", name=f"Sign up {reference}").click()
    expect(page.get_by_text("Signed up: Confirmed.")).to_be_visible()
    signed_up = page.locator("#case-signups")
    expect(signed_up).to_contain_text(activity.title)
    expect(signed_up).to_contain_text("would like company")
    _check(page)
    page.get_by_role("link", name="Back to the case").click()
    page.wait_for_url(f"**/formidler/sag/{case.pk}/")
    expect(page.get_by_text("Matched with an initiative").first).to_be_visible()
    broker_context.close()

    signup = SignUp.objects.get(activity=activity)
    assert signup.case_id == case.pk and signup.wants_company
    assert signup.referral is not None and signup.referral.initiative.name == "Ventilen"
    assert Case.objects.get(pk=case.pk).state == Case.State.MATCHED

    host_context, page = _as(chromium, live_server, "editor")
    page.goto(f"/aktiviteter/{activity.pk}/deltagere/")
    expect(page.get_by_role("heading", name="Who is coming")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Karin Kristensen")
    expect(row).to_contain_text("would like company")
    expect(row).to_contain_text("karin@example.org")
    expect(row.get_by_role("cell", name="Confirmed")).to_be_visible()
    _check(page)
    host_context.close()
