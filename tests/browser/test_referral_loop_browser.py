"""The whole loop in a real browser: staff use the guide, record consent and refer; the broker
takes the case, matches and refers to Ventilen; Ventilen's contact confirms the first visit; the
evaluation dashboard counts it. Every page passes axe-core."""

from __future__ import annotations

from playwright.sync_api import expect

from brobygger.directory import services
from brobygger.directory.models import Initiative
from brobygger.referrals.models import Case, Consent
from tests.browser.conftest import axe_violations, log_in


def _as(chromium, live_server, username):
    context = chromium.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, username)
    return context, page


def test_from_conversation_to_first_visit_and_the_dashboard(chromium, live_server, people):
    ventilen = Initiative.objects.get(name="Ventilen")
    services.initiative_update(
        initiative=ventilen,
        user=people["editor"],
        fields={"description": "Et mødested for unge med brætspil, musik og fællesspisning."},
    )
    staff_context, page = _as(chromium, live_server, "staff")
    page.goto("/samtaleguide/")
    expect(page.get_by_role("heading", name="Samtaleguide: at tale om fællesskab")).to_be_visible()
    page.get_by_label("Hvor ofte føler du, at du mangler nogen at være sammen med?").select_option(
        "3"
    )
    page.get_by_label("Hvor ofte føler du dig holdt udenfor?").select_option("2")
    page.get_by_label("Hvor ofte føler du dig isoleret fra andre?").select_option("3")
    page.get_by_role("button", name="Læg sammen").click()
    expect(page.locator("#tils-result")).to_contain_text("I alt: 8 ud af 9")
    assert axe_violations(page) == []

    with page.expect_navigation():  # the three answers go along, posted
        page.get_by_role("button", name="Henvis til fællesskabsformidleren").click()
    expect(page.get_by_label("Navn")).to_be_visible()
    page.get_by_label("Borgeren giver samtykke til, at fællesskabsformidleren").check()
    page.get_by_label("Hvordan blev samtykket givet?").select_option("written")
    page.get_by_label("Navn").fill("Karin Kristensen")
    page.get_by_label("Telefon").fill("+45 11 22 33 44")
    page.get_by_label("Hvordan og hvornår er det bedst at tage kontakt?").fill("tirsdag formiddag")
    page.get_by_label("Aldersgruppe").select_option("16-29")
    page.get_by_label("Interesser, hvad borgeren kan lide at lave").fill("brætspil")
    page.get_by_label("Vil gerne have følgeskab første gang").check()
    page.get_by_label("Borgeren giver samtykke til at svare på de tre spørgsmål").check()
    # the guide's answers are already there (8 of 9), not "Ikke spurgt"
    expect(
        page.get_by_label("Hvor ofte føler du, at du mangler nogen at være sammen med?")
    ).to_have_value("3")
    expect(page.get_by_label("Hvor ofte føler du dig holdt udenfor?")).to_have_value("2")
    expect(page.get_by_label("Hvor ofte føler du dig isoleret fra andre?")).to_have_value("3")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send til fællesskabsformidleren").click()
    expect(page.get_by_role("heading", name="Sendt til fællesskabsformidleren")).to_be_visible()
    case = Case.objects.get(citizen__name="Karin Kristensen")
    consent = case.citizen.consents.get(purpose=Consent.Purpose.REFERRAL)
    assert (consent.method, consent.recorded_by.username) == ("written", "staff")
    page.goto("/henvisninger/")
    expect(page.get_by_role("cell", name=case.pseudonym)).to_be_visible()
    expect(page.get_by_text("Karin")).to_have_count(0)  # staff see the state, not the person
    staff_context.close()

    broker_context, page = _as(chromium, live_server, "broker")
    page.goto("/formidler/")
    page.get_by_role("link", name=case.pseudonym).click()  # the list names no one
    expect(page.get_by_role("heading", name="Karin Kristensen")).to_be_visible()
    assert axe_violations(page) == []
    suggestions = page.get_by_role("list").filter(has_text="Passer på:")
    expect(suggestions.get_by_role("listitem").first).to_contain_text("Ventilen")
    page.get_by_role("button", name="Henvis til Ventilen").click()
    expect(page.get_by_text("Gemt.")).to_be_visible()
    expect(page.get_by_text("Matchet med et tilbud").first).to_be_visible()
    broker_context.close()

    editor_context, page = _as(chromium, live_server, "editor")
    page.goto("/tilbud/henvisninger/")
    expect(page.get_by_role("heading", name="Karin Kristensen · Ventilen")).to_be_visible()
    expect(page.get_by_text("tirsdag formiddag")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Kom første gang").click()
    expect(page.get_by_text("Tak, det er registreret.")).to_be_visible()
    editor_context.close()

    analyst_context, page = _as(chromium, live_server, "analyst")
    page.goto("/evaluering/")
    expect(page.locator('[data-step="referred"]')).to_have_text("1")
    expect(page.locator('[data-step="first_visit"]')).to_have_text("1")
    funnel = page.get_by_role("region", name="Pr. arena og måned")
    expect(funnel.get_by_role("cell", name="Jobcenter Aarhus")).to_be_visible()
    expect(page.get_by_text("Karin")).to_have_count(0)
    assert axe_violations(page) == []
    analyst_context.close()
    case.refresh_from_db()
    assert case.state == Case.State.FIRST_VISIT


def test_a_citizen_asks_to_be_contacted_and_withdraws_again(page, seeded):
    page.goto("/faellesskab/kontakt/")
    expect(
        page.get_by_role("heading", name="Har du lyst til mere fællesskab i din hverdag?")
    ).to_be_visible()
    page.get_by_label("Dit navn").fill("Lone")
    page.get_by_label("Din e-mail").fill("lone@example.org")
    page.get_by_label("Jeg giver samtykke til").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Kontakt mig").click()
    expect(page.get_by_role("heading", name="Tak, vi kontakter dig")).to_be_visible()
    case = Case.objects.get(citizen__name="Lone")
    assert case.source == Case.Source.SELF
    page.locator("#withdrawal-link").click()
    # the page's script fills the code in from the link's '#kode=' (never sent to the server)
    expect(page.get_by_label("Din kode fra kvitteringen:")).not_to_have_value("")
    page.get_by_role("button", name="Træk mit samtykke tilbage").click()
    expect(page.get_by_text("Dit samtykke er trukket tilbage")).to_be_visible()
    case.refresh_from_db()
    case.citizen.refresh_from_db()
    assert case.citizen.name == "" and case.citizen.email == ""
    assert case.state == Case.State.CLOSED
