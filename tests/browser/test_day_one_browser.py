"""Day one, in Chromium at 390 px: a fresh demo system (set up the way ``brobygger setup`` does
in demo mode) walks the whole loop with the printed demo logins and nothing added by hand.

Staff use the conversation guide and refer with consent; the receipt shows the reference and
prints as a PDF; the broker is e-mailed, follows the link to the case, searches the directory and
refers to an example initiative; the example's contact person confirms the first visit; the
evaluation dashboard counts it. Every page on the way fits the phone's width, shows the demo
banner and passes axe-core.

Then every page in the menu of every demo role, on the same demo system with one referral on
its way through the demo arena (the layout test, tests/browser/test_layout_browser.py, sweeps the
menus of ordinary test users on a nearly empty database; rows of data are what push a page
sideways).
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from playwright.sync_api import expect

from brobygger.accounts.demo import DEMO_ARENA, DEMO_PASSWORD, DEMO_USERNAMES
from brobygger.directory.models import Initiative
from brobygger.referrals import services
from brobygger.referrals.models import Arena, Case, Consent, Referral
from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.demo_mode  # CI runs it on its SQLite pass

PHONE = {"width": 390, "height": 844}
STAFF = DEMO_USERNAMES["staff"]
BROKER = DEMO_USERNAMES["broker"]
EDITOR = DEMO_USERNAMES["editor"]
ANALYST = DEMO_USERNAMES["analyst"]
CITIZEN_NAME = "Karin Demo"
EXAMPLE_WORD = "Maskefanget"  # one word of one example initiative's name

# The page without its header and CSRF tokens: axe-core (slow) runs once per distinct content.
FINGERPRINT = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('header.site, input[name=csrfmiddlewaretoken]').forEach(e => e.remove());
  return location.pathname + body.innerHTML;
}"""
# Links in the menu that are not pages of ours to check (JSON, the API's own docs, files).
NOT_PAGES = ("/api/", "/hsds/")
FILES = (".pdf", ".csv", ".json", ".ics", ".xlsx", ".zip")

# The page's width against the screen's, and the first elements that stick out (for the message).
FIT = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
    .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className ? '.' + el.className : ''));
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, wide};
}"""


class PageChecks:
    """Every page on the way fits 390 px, is marked as a demo and passes axe-core. What fails is
    collected, so that one run names every page that fails, and asserted at the end."""

    def __init__(self, vnu_pages) -> None:
        self.vnu_pages = vnu_pages  # the Nu HTML checker runs over them at the session's end
        self.problems: list[str] = []
        self.pages: list[str] = []
        self.axe_checked: set[str] = set()

    def __call__(self, page, who: str) -> None:
        """``page`` is the page the caller waited for: ``goto``, ``expect_navigation`` and
        ``wait_for_url`` all return after its load event, so the widths are its own."""
        self.pages.append(f"{who}: {page.url}")
        self.vnu_pages.add(page, who)
        fit = page.evaluate(FIT)
        if fit["scroll"] > fit["inner"]:
            self.problems.append(f"{who}: {page.url} is wider than the phone: {fit}")
        if not page.locator("#demo-banner").is_visible():
            self.problems.append(f"{who}: {page.url} has no demo banner")
        fingerprint = page.evaluate(FINGERPRINT)
        if fingerprint in self.axe_checked:
            return
        self.axe_checked.add(fingerprint)
        violations = axe_violations(page)
        if violations:
            self.problems.append(f"{who}: axe on {page.url}: {violations}")


def _demo_log_in(chromium, live_server, username: str, check: PageChecks):
    """A phone-sized browser signed in as a demo user with the password the login page shows
    (in demo mode the demo users have no second factor)."""
    context = chromium.new_context(base_url=live_server.url, viewport=PHONE, locale="da-DK")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/konto/log-ind/")
    logins = page.locator("#demo-logins")
    expect(logins).to_contain_text(username)
    expect(logins).to_contain_text(DEMO_PASSWORD)
    check(page, f"{username} (login page)")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    with page.expect_navigation():  # the next page, or the login form again
        page.locator("main form button[type=submit]").click()
    assert "/konto/" not in page.url, f"{username} was not let in: {page.url}"
    check(page, f"{username} (signed in)")
    return context, page


def _funnel(page) -> dict[str, int]:
    steps = ("referred", "first_visit")
    return {s: int(page.locator(f'[data-step="{s}"]').inner_text()) for s in steps}


@pytest.fixture
def fresh_demo_system(settings):
    """What ``brobygger setup`` leaves on the embedded default with DEBUG on."""
    if connection.vendor != "sqlite":
        pytest.skip("demo mode exists on the embedded default (SQLite) only")
    settings.DEBUG = True  # pytest-django turns it off; demo mode is DEBUG on and SQLite
    from brobygger.core.demo import demo_mode
    from brobygger.directory.services import seed_load
    from brobygger.web.demo_seed import seed_demo_content

    assert demo_mode()
    seed_load()
    return list(seed_demo_content())


def test_it_walks_a_fresh_demo_system_through_the_whole_loop_on_a_phone(
    chromium, live_server, fresh_demo_system, settings, vnu_pages
):
    settings.SITE_URL = live_server.url  # links in e-mails start with SITE_URL, as in production
    example = Initiative.objects.get(is_example=True, name__contains=EXAMPLE_WORD)
    check = PageChecks(vnu_pages)
    mail.outbox.clear()

    # The dashboard before: what the loop below must add one to.
    analyst_context, dashboard = _demo_log_in(chromium, live_server, ANALYST, check)
    dashboard.goto("/evaluering/")
    check(dashboard, ANALYST)
    before = _funnel(dashboard)

    # Staff: the conversation guide, then a referral with consent.
    staff_context, page = _demo_log_in(chromium, live_server, STAFF, check)
    page.goto("/samtaleguide/")
    check(page, STAFF)
    guide = page.locator("section[aria-labelledby=tils-heading] form")
    for item, answer in (("item1", "3"), ("item2", "2"), ("item3", "3")):
        guide.locator(f"select[name={item}]").select_option(answer)
    with page.expect_navigation():
        guide.locator("button[type=submit]").click()
    expect(page.locator("#tils-result")).to_contain_text("8")
    check(page, STAFF)

    with page.expect_navigation():  # "Henvis" posts the three answers along
        page.locator('main form[action="/henvis/"] button[type=submit]').click()
    form = page.locator("main form[method=post]")
    for item, answer in (("item1", "3"), ("item2", "2"), ("item3", "3")):
        expect(form.locator(f"select[name={item}]")).to_have_value(answer)
    form.locator("input[name=consent]").check()
    form.locator("select[name=consent_method]").select_option("written")
    form.locator("input[name=name]").fill(CITIZEN_NAME)
    form.locator("input[name=phone]").fill("+45 11 22 33 44")
    form.locator("[name=reach_when]").fill("tirsdag formiddag")
    form.locator("select[name=age_band]").select_option("60-74")
    form.locator("[name=interests]").fill("strik og kaffe")
    form.locator("input[name=wants_company]").check()
    form.locator("input[name=outcome_consent]").check()
    check(page, STAFF)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    # The receipt: the reference the staff list shows, and a PDF to print.
    reference = page.locator("#receipt-reference")
    expect(reference).to_be_visible()
    expect(page.locator(".receipt-qr svg")).to_have_count(1)  # the QR to the withdrawal page
    check(page, STAFF)
    case = Case.all_rows.get(pseudonym=reference.inner_text().strip())
    assert (case.citizen.name, case.arena.name, case.is_demo) == (CITIZEN_NAME, DEMO_ARENA, False)
    consent = case.citizen.consents.get(purpose=Consent.Purpose.REFERRAL)
    assert (consent.method, consent.recorded_by.username) == ("written", STAFF)
    pdf = page.request.get(page.locator("#receipt-pdf").get_attribute("href"))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf", pdf.status
    assert pdf.body().startswith(b"%PDF"), pdf.body()[:40]
    page.goto("/henvisninger/")
    expect(page.get_by_role("cell", name=case.pseudonym)).to_be_visible()
    expect(page.get_by_text(CITIZEN_NAME)).to_have_count(0)  # staff see the state only
    check(page, STAFF)
    staff_context.close()

    # The broker is told by e-mail, with a link to the case on the host that served the page.
    to_broker = [m for m in mail.outbox if f"{BROKER}@example.invalid" in m.to]
    assert len(to_broker) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert case.pseudonym in to_broker[0].subject
    assert CITIZEN_NAME not in to_broker[0].subject + to_broker[0].body  # no personal data
    link = re.search(r"https?://\S+/formidler/sag/[0-9a-f-]+/", to_broker[0].body)
    assert link and link.group(0) == f"{live_server.url}/formidler/sag/{case.pk}/", to_broker[0]

    broker_context, page = _demo_log_in(chromium, live_server, BROKER, check)
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text(CITIZEN_NAME)
    check(page, BROKER)
    page.locator("#case-q").fill(EXAMPLE_WORD)
    with page.expect_navigation():
        page.locator("form[role=search] button[type=submit]").click()
    found = page.locator("#search-results > li").filter(
        has=page.locator(f'input[name=initiative][value="{example.pk}"]')
    )
    expect(found).to_have_count(1)
    expect(found.get_by_role("heading")).to_have_text(example.name)  # "(eksempel)" shows
    expect(found.locator(".warning-box")).to_have_count(0)  # its contact gets the referral
    check(page, BROKER)
    found.locator("textarea[name=message]").fill("Karin kommer gerne onsdag kl. 18.")
    with page.expect_navigation():
        found.locator("button[type=submit]").click()
    assert page.url.endswith(f"/formidler/sag/{case.pk}/"), page.url
    check(page, BROKER)
    referral = Referral.objects.get(case=case, initiative=example)
    case.refresh_from_db()
    assert case.state == Case.State.MATCHED
    to_contact = [m for m in mail.outbox if f"{EDITOR}@example.invalid" in m.to]
    assert [example.name in m.subject for m in to_contact] == [True], to_contact
    broker_context.close()

    # The example's contact person confirms the first visit.
    editor_context, page = _demo_log_in(chromium, live_server, EDITOR, check)
    page.goto("/tilbud/henvisninger/")
    expect(page.locator(f"#ref-{referral.pk}")).to_have_text(f"{CITIZEN_NAME} · {example.name}")
    check(page, EDITOR)
    confirm = page.locator(f'form[action$="/{referral.pk}/first-visit/"] button[type=submit]')
    with page.expect_navigation():
        confirm.click()
    expect(confirm).to_have_count(0)
    check(page, EDITOR)
    referral.refresh_from_db()
    case.refresh_from_db()
    assert referral.first_visit_at is not None and case.state == Case.State.FIRST_VISIT
    editor_context.close()

    # The dashboard counts it: one more referred, one more first visit, under the demo arena.
    dashboard.goto("/evaluering/")
    check(dashboard, ANALYST)
    after = _funnel(dashboard)
    assert after == {"referred": before["referred"] + 1, "first_visit": before["first_visit"] + 1}
    funnel = dashboard.get_by_role("region", name="Pr. arena og måned")
    expect(funnel.get_by_role("cell", name=DEMO_ARENA)).to_be_visible()
    expect(dashboard.get_by_text(CITIZEN_NAME)).to_have_count(0)
    analyst_context.close()
    assert len(check.pages) == 20, check.pages
    assert check.problems == [], "\n".join(check.problems)


def _menu_paths(page) -> list[str]:
    """The pages the menu and the footer link to, home first."""
    hrefs = page.eval_on_selector_all(
        "nav.site-nav a[href], footer.site a[href]", "links => links.map(a => a.pathname)"
    )
    paths = ["/"]
    for href in hrefs:
        if href not in paths and not href.startswith(NOT_PAGES) and not href.endswith(FILES):
            paths.append(href)
    return paths


def _a_referral_on_its_way(django_user_model) -> Referral:
    """What the loop above leaves: a staff referral from the demo arena, referred on to an
    example initiative (so staff, broker, contact person and dashboard all have a row)."""
    case, _created = services.referral_submit(
        user=django_user_model.objects.get(username=STAFF),
        arena=Arena.objects.get(name=DEMO_ARENA),
        citizen_fields={
            "name": "Karin Kristiansen-Østergaard",
            "phone": "+45 11 22 33 44",
            "reach_when": "tirsdag formiddag efter genoptræningen",
            "age_band": "60-74",
            "interests": "strikning, fællesspisning, gåture",
        },
        consent=services.ConsentGiven(method=Consent.Method.WRITTEN),
    )
    return services.initiative_refer(
        case=case,
        initiative=Initiative.objects.get(is_example=True, name__contains=EXAMPLE_WORD),
        user=django_user_model.objects.get(username=BROKER),
        message="Karin vil gerne følges med første gang.",
    )


def test_it_fits_every_menu_page_of_every_demo_role_on_a_phone(
    chromium, live_server, fresh_demo_system, django_user_model, vnu_pages
):
    _a_referral_on_its_way(django_user_model)
    check = PageChecks(vnu_pages)
    for username in ["anonymous", *DEMO_USERNAMES.values()]:
        if username == "anonymous":
            context = chromium.new_context(base_url=live_server.url, viewport=PHONE)
            context.set_default_timeout(15_000)
            page = context.new_page()
            page.goto("/")
        else:
            context, page = _demo_log_in(chromium, live_server, username, check)
        paths = _menu_paths(page)
        assert len(paths) >= 6 and "/tilgaengelighed/" in paths, (username, paths)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (username, path, response)
            check(page, username)
        context.close()
    assert check.problems == [], "\n".join(check.problems)
