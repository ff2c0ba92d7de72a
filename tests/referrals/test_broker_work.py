"""The broker's work (issue 12): search and refer to any initiative, the warning before
referring to an initiative nobody receives referrals for, the e-mails to the brokers, and cases
assigned to a broker."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from brobygger.accounts.roles import GROUP_BROKER
from brobygger.directory.models import Initiative, Phone
from brobygger.referrals import selectors, services
from brobygger.referrals.models import CaseAssignment, Referral
from tests.referrals.conftest import citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(people2):
    arena = people2["staff"].arena_memberships.get().arena
    made, _ = services.referral_submit(
        user=people2["staff"],
        arena=arena,
        citizen_fields=citizen("Anna Andersen", age_band="60-74"),
        consent=services.ConsentGiven(),
    )
    mail.outbox.clear()
    return made


@pytest.fixture
def second_broker(people2, django_user_model):
    other = django_user_model.objects.create_user(
        username="broker2", password="pw-broker2", email="broker2@example.org", first_name="Bo"
    )
    other.groups.add(Group.objects.get(name=GROUP_BROKER))
    return other


def _unreached() -> Initiative:
    """A seeded initiative whose organisation has no editor and that names no contact."""
    return Initiative.objects.get(name="Mænds Mødesteder")


def test_it_finds_any_initiative_from_the_case_page_and_refers_to_it(people2, case, client):
    client.force_login(people2["broker"])
    page = client.get(f"/formidler/sag/{case.pk}/", {"q": "besøgstjeneste"})
    assert page.status_code == 200
    found = [i.name for i in page.context["found"]]
    assert "Ældre Sagens Besøgstjeneste" in found
    assert 'id="search-results"' in page.content.decode()
    visits = Initiative.objects.get(name="Ældre Sagens Besøgstjeneste")
    response = client.post(
        f"/formidler/sag/{case.pk}/refer/", {"initiative": str(visits.pk), "message": ""}
    )
    assert response.status_code == 302
    assert Referral.objects.filter(case=case, initiative=visits).exists()


def test_it_finds_nothing_for_an_empty_search(people2, case, client):
    client.force_login(people2["broker"])
    page = client.get(f"/formidler/sag/{case.pk}/", {"q": "  "})
    assert page.context["found"] == [] and 'id="search-results"' not in page.content.decode()


def test_it_refuses_a_referral_nobody_receives_until_the_broker_confirms(people2, case):
    initiative = _unreached()
    assert selectors.unreachable([initiative.pk]) == {initiative.pk}
    with pytest.raises(services.NoContactPerson, match="^initiative: nobody"):
        services.initiative_refer(case=case, initiative=initiative, user=people2["broker"])
    assert not Referral.objects.filter(case=case).exists()
    referral = services.initiative_refer(
        case=case, initiative=initiative, user=people2["broker"], without_contact=True
    )
    assert list(referral.recipients.all()) == []


def test_it_warns_on_the_page_with_the_initiatives_phone_and_what_to_do(people2, case, client):
    initiative = _unreached()
    Phone.objects.create(initiative=initiative, number="86 12 34 56")
    client.force_login(people2["broker"])
    page = client.get(f"/formidler/sag/{case.pk}/", {"q": "mødesteder"})
    assert f'id="no-contact-f-{initiative.pk}"' in page.content.decode()
    response = client.post(
        f"/formidler/sag/{case.pk}/refer/", {"initiative": str(initiative.pk), "message": "Hej"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="confirm-no-contact"' in html and "86 12 34 56" in html
    assert 'name="without_contact" value="on"' in html and 'value="Hej"' in html
    assert not Referral.objects.filter(case=case).exists()
    confirmed = client.post(
        f"/formidler/sag/{case.pk}/refer/",
        {"initiative": str(initiative.pk), "message": "Hej", "without_contact": "on"},
    )
    assert confirmed.status_code == 302
    assert Referral.objects.get(case=case, initiative=initiative).message == "Hej"


def test_it_does_not_warn_about_an_initiative_with_an_editor(people2, ventilen):
    assert selectors.unreachable([ventilen.pk]) == set()
    people2["editor"].is_active = False
    people2["editor"].save()
    assert selectors.unreachable([ventilen.pk]) == {ventilen.pk}


def test_it_emails_the_brokers_of_each_new_request_without_the_citizens_details(
    people2, second_broker, client
):
    mail.outbox.clear()
    body = {"name": "Lis Lund", "phone": "12345678", "language": "da", "consent": "on",
            "message": "Jeg har mistet min mand"}  # fmt: skip
    assert client.post("/faellesskab/kontakt/", body).status_code == 200
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sorted(sent.to) == ["broker2@example.org", "broker@example.org"]
    from brobygger.referrals.models import Case

    case = Case.objects.get(citizen__name="Lis Lund")
    text = sent.subject + sent.body
    assert case.pseudonym in text and f"/formidler/sag/{case.pk}/" in sent.body
    for private in ("Lis", "12345678", "mistet", "Jobcenter"):
        assert private not in text


def test_it_emails_the_brokers_of_a_staff_referral_and_of_a_referral(
    people2, second_broker, settings
):
    settings.SITE_URL = "http://brobygger.test:8123"
    mail.outbox.clear()
    arena = people2["staff"].arena_memberships.get().arena
    case, _ = services.referral_submit(
        user=people2["staff"],
        arena=arena,
        citizen_fields=citizen("Karen Kirk"),
        consent=services.ConsentGiven(),
    )
    assert len(mail.outbox) == 1 and "Karen" not in mail.outbox[0].body
    assert f"http://brobygger.test:8123/formidler/sag/{case.pk}/" in mail.outbox[0].body
    mail.outbox.clear()
    ventilen = Initiative.objects.get(name="Ventilen")
    services.initiative_refer(case=case, initiative=ventilen, user=people2["broker"])
    to_brokers = [m for m in mail.outbox if case.pseudonym in m.subject]
    assert [m.to for m in to_brokers] == [["broker2@example.org"]]  # not the one who referred
    assert "Karen" not in to_brokers[0].body and "Ventilen" not in to_brokers[0].body


def test_it_assigns_and_reassigns_a_case_with_history_and_an_email(people2, second_broker, case):
    broker = people2["broker"]
    assert services.case_assign(case=case, assignee=broker, by=broker)
    assert mail.outbox == []  # taking a case yourself sends nothing
    assert not services.case_assign(case=case, assignee=broker, by=broker)
    services.case_assign(case=case, assignee=second_broker, by=broker)
    case.refresh_from_db()
    assert case.assigned_to == second_broker
    assert [m.to for m in mail.outbox] == [["broker2@example.org"]]
    assert "Anna" not in mail.outbox[0].body and case.pseudonym in mail.outbox[0].subject
    history = list(CaseAssignment.objects.filter(case=case).order_by("at", "pk"))
    assert [(h.assigned_to, h.by) for h in history] == [(broker, broker), (second_broker, broker)]
    with pytest.raises(services.ReferralError, match="^assigned_to:"):
        services.case_assign(case=case, assignee=people2["staff"], by=broker)


def test_it_filters_the_queue_by_mine_all_and_unassigned(people2, second_broker, case, client):
    arena = people2["staff"].arena_memberships.get().arena
    other, _ = services.referral_submit(
        user=people2["staff"], arena=arena, citizen_fields=citizen("Ole"),
        consent=services.ConsentGiven(),
    )  # fmt: skip
    broker = people2["broker"]
    client.force_login(broker)
    assert client.post(f"/formidler/sag/{case.pk}/take/").status_code == 302
    client.post(f"/formidler/sag/{other.pk}/assign/", {"assigned_to": second_broker.pk})
    other.refresh_from_db()
    assert other.assigned_to == second_broker

    def names(owner):
        page = client.get("/formidler/", {"owner": owner})
        return {c.citizen.name for c in page.context["cases"]}

    assert names("mine") == {"Anna Andersen"}
    assert names("all") == {"Anna Andersen", "Ole"}
    assert names("unassigned") == set()
    client.post(f"/formidler/sag/{other.pk}/assign/", {"assigned_to": ""})
    assert names("unassigned") == {"Ole"}


def test_only_brokers_assign_cases(people2, case, client):
    client.force_login(people2["staff"])
    assert client.post(f"/formidler/sag/{case.pk}/take/").status_code == 403
    case.refresh_from_db()
    assert case.assigned_to is None
