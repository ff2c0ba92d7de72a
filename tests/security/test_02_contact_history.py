"""Finding 2: an organisation editor who makes themselves the initiative's referral contact must
not read the referrals sent before (name, phone, the broker's message). A contact person sees
only the referrals sent while they were the contact; changing the contact grants nothing
retroactively, in the selectors, the rules, the page and the API."""

from __future__ import annotations

import pytest
import rules

from brobygger.directory.models import Initiative, Organization, OrganizationMembership
from brobygger.referrals import selectors, services
from brobygger.referrals.models import Arena
from tests.referrals.conftest import citizen

pytestmark = pytest.mark.django_db


@pytest.fixture
def handover(people, django_user_model):
    """Ventilen names the editor as its contact; the broker refers Anna there; then a second
    editor of Ventilen's organisation makes themselves the contact."""
    ventilen = Initiative.objects.get(name="Ventilen")
    newcomer = django_user_model.objects.create_user(username="newcomer", password="pw-x")
    OrganizationMembership.objects.create(
        user=newcomer, organization=Organization.objects.get(name="Ventilen")
    )
    ventilen.referral_contact = people["editor"]
    ventilen.save()
    anna, _ = services.referral_submit(
        user=people["staff"],
        arena=Arena.objects.get(name="Jobcenter Aarhus"),
        citizen_fields=citizen("Anna Andersen"),
        consent=services.ConsentGiven(),
    )
    sent = services.initiative_refer(
        case=anna, initiative=ventilen, user=people["broker"], message="Anna er genert"
    )
    ventilen.referral_contact = newcomer
    ventilen.save()
    return {"ventilen": ventilen, "newcomer": newcomer, "sent": sent, "anna": anna}


def test_it_shows_a_new_contact_none_of_the_referrals_sent_before(handover, client):
    newcomer, sent = handover["newcomer"], handover["sent"]
    assert not selectors.referrals_for_contact(newcomer).exists()
    assert not rules.has_perm("referrals.confirm_referral", newcomer, sent)
    client.force_login(newcomer)
    page = client.get("/tilbud/henvisninger/")
    assert "Anna Andersen" not in page.content.decode()
    assert "Anna er genert" not in page.content.decode()
    api = client.get("/api/v1/referrals/initiative-referrals")
    assert "Anna" not in api.content.decode()
    confirm = client.post(f"/tilbud/henvisninger/{sent.pk}/first-visit/")
    assert confirm.status_code == 403


def test_it_shows_a_new_contact_the_referrals_sent_after_the_change(handover, people):
    later, _ = services.referral_submit(
        user=people["staff"],
        arena=Arena.objects.get(name="Jobcenter Aarhus"),
        citizen_fields=citizen("Bo Berg"),
        consent=services.ConsentGiven(),
    )
    after = services.initiative_refer(
        case=later, initiative=handover["ventilen"], user=people["broker"]
    )
    seen = list(selectors.referrals_for_contact(handover["newcomer"]))
    assert seen == [after]
    assert rules.has_perm("referrals.confirm_referral", handover["newcomer"], after)


def test_it_takes_the_old_contact_off_the_referrals_once_replaced(handover, people):
    assert not selectors.referrals_for_contact(people["editor"]).exists()
    assert not rules.has_perm("referrals.confirm_referral", people["editor"], handover["sent"])
