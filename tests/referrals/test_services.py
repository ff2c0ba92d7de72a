"""The referral loop as services: consent, the case's states, the initiative's confirmations,
withdrawal and anonymisation (counts unchanged), reminders, and idempotent submission."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from brobygger.directory.models import Initiative
from brobygger.insights.evaluation import referrals as evaluation
from brobygger.referrals import selectors, services
from brobygger.referrals.models import (
    Case,
    Citizen,
    Consent,
    ContactLogEntry,
    OutcomeMeasurement,
    Referral,
)
from tests.referrals.conftest import citizen

pytestmark = pytest.mark.django_db


def _funnel_counts():
    return evaluation.funnel_totals(evaluation.funnel(evaluation.cases()))


def test_a_referral_records_who_consented_to_whom_when_how_and_until(scenario, settings):
    anna = scenario["anna"]
    consents = {c.purpose: c for c in anna.citizen.consents.all()}
    referral = consents[Consent.Purpose.REFERRAL]
    assert referral.given_by == Consent.GivenBy.CITIZEN
    assert referral.given_to == settings.BROKER_NAME
    assert referral.method == Consent.Method.ORAL
    assert referral.recorded_by == scenario["people"]["staff"]
    assert referral.valid_until > timezone.localdate() + dt.timedelta(days=300)
    assert anna.outcomes.get().score == 8
    assert anna.referred_by == scenario["people"]["staff"]


def test_the_broker_receives_only_the_fields_it_needs(people2):
    with pytest.raises(services.ReferralError, match="^cpr_number"):
        services.referral_submit(
            user=people2["staff"],
            arena=people2["staff"].arena_memberships.get().arena,
            citizen_fields={**citizen("X"), "cpr_number": "010101-1234"},
            consent=services.ConsentGiven(),
        )
    assert not Citizen.objects.exists()


def test_the_three_questions_need_their_own_consent(people2):
    with pytest.raises(services.ReferralError, match="^outcome"):
        services.referral_submit(
            user=people2["staff"],
            arena=people2["staff"].arena_memberships.get().arena,
            citizen_fields=citizen("X"),
            consent=services.ConsentGiven(outcome=False),
            items=(1, 2, 3),
        )
    assert not Case.objects.exists() and not Citizen.objects.exists()


def test_a_retried_submission_is_stored_once(people2):
    arena = people2["staff"].arena_memberships.get().arena
    key = uuid.uuid4()
    first, created = services.referral_submit(
        user=people2["staff"],
        arena=arena,
        citizen_fields=citizen("X"),
        consent=services.ConsentGiven(),
        client_reference=key,
    )
    again, created_again = services.referral_submit(
        user=people2["staff"],
        arena=arena,
        citizen_fields=citizen("X"),
        consent=services.ConsentGiven(),
        client_reference=key,
    )
    assert created and not created_again and first.pk == again.pk
    assert Case.objects.count() == 1


def test_the_loop_closes_when_the_initiative_confirms(scenario):
    anna, to_ventilen = scenario["anna"], scenario["to_ventilen"]
    editor = scenario["people"]["editor"]
    assert anna.state == Case.State.MATCHED and anna.matched_at is not None
    services.contact_add(
        case=anna, user=scenario["people"]["broker"], channel="phone", reached=True
    )
    anna.refresh_from_db()
    assert anna.state == Case.State.MATCHED  # never moves back
    assert anna.contacted_at is not None  # ... but the skipped step is stamped
    visited = timezone.now()
    services.referral_confirm_first_visit(referral=to_ventilen, user=editor, now=visited)
    with pytest.raises(services.ReferralError, match="^participating: the follow-up is due"):
        services.referral_confirm_participating(referral=to_ventilen, user=editor)
    services.referral_confirm_participating(
        referral=to_ventilen, user=editor, now=visited + dt.timedelta(days=92)
    )
    anna.refresh_from_db()
    assert anna.state == Case.State.PARTICIPATING
    assert anna.first_visit_at == visited
    assert _funnel_counts() == {"referred": 2, "contacted": 2, "first_visit": 1, "participating": 1}


def test_closing_needs_a_reason(scenario):
    with pytest.raises(services.ReferralError, match="^closed_reason"):
        services.case_advance(scenario["anna"], Case.State.CLOSED)
    services.case_advance(scenario["anna"], Case.State.CLOSED, reason="declined")
    with pytest.raises(services.ReferralError, match="closed"):
        services.contact_add(case=scenario["anna"], user=None, channel="phone", reached=True)


def _personal_values(citizen_obj):
    return {f: getattr(citizen_obj, f) for f in Citizen.PERSONAL_FIELDS}


def test_withdrawing_consent_stops_everything_and_keeps_the_counts(scenario):
    anna, to_ventilen = scenario["anna"], scenario["to_ventilen"]
    services.contact_add(
        case=anna,
        user=scenario["people"]["broker"],
        channel="phone",
        reached=True,
        note="Anna vil gerne prøve brætspil",
    )
    services.referral_confirm_first_visit(referral=to_ventilen, user=scenario["people"]["editor"])
    before = _funnel_counts()
    services.consent_withdraw(case=anna)
    anna.refresh_from_db()
    anna.citizen.refresh_from_db()
    assert set(_personal_values(anna.citizen).values()) == {""}
    assert anna.citizen.wants_company is False and anna.citizen.special_group is None
    assert not ContactLogEntry.objects.filter(case=anna).exclude(note="").exists()
    assert not OutcomeMeasurement.objects.filter(case=anna).exists()
    assert all(c.withdrawn_at for c in anna.citizen.consents.all())
    assert anna.state == Case.State.CLOSED and anna.closed_reason == "consent_withdrawn"
    stopped = Referral.objects.get(pk=to_ventilen.pk)
    assert stopped.cancelled_at is not None  # no more follow-up ...
    assert stopped.first_visit_at is not None  # ... but the visit happened and still counts
    assert _funnel_counts() == before
    # and no role's list shows the citizen any more
    assert anna not in selectors.case_queue()
    assert (
        not selectors.referrals_for_contact(scenario["people"]["editor"])
        .filter(case=anna, case__citizen__name="Anna Andersen")
        .exists()
    )


def test_withdrawal_cancels_referrals_still_waiting(scenario):
    services.consent_withdraw(case=scenario["bent"])
    assert Referral.objects.get(pk=scenario["to_visits"].pk).cancelled_at is not None
    assert not selectors.referrals_for_contact(scenario["people"]["other_editor"]).exists()


def test_closed_cases_are_anonymised_after_the_configured_period(scenario, settings):
    settings.REFERRALS_ANONYMISE_AFTER_DAYS = 30
    anna = scenario["anna"]
    services.case_advance(anna, Case.State.CLOSED, reason="declined")
    before = _funnel_counts()
    assert services.closed_cases_anonymise(now=timezone.now() + dt.timedelta(days=29)) == 0
    assert services.closed_cases_anonymise(now=timezone.now() + dt.timedelta(days=31)) == 1
    anna.citizen.refresh_from_db()
    assert set(_personal_values(anna.citizen).values()) == {""}
    assert anna.citizen.age_band == "16-29"  # kept for the aggregates
    scenario["bent"].citizen.refresh_from_db()
    assert scenario["bent"].citizen.name == "Bent Brun"  # still open: untouched
    assert _funnel_counts() == before
    assert services.closed_cases_anonymise(now=timezone.now() + dt.timedelta(days=60)) == 0


def test_reminders_go_once_to_the_contact_when_a_step_is_due(scenario, settings):
    settings.REFERRALS_FIRST_VISIT_REMIND_DAYS = 14
    mail.outbox.clear()
    assert services.reminders_send(now=timezone.now() + dt.timedelta(days=13)) == 0
    assert services.reminders_send(now=timezone.now() + dt.timedelta(days=15)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "editor@example.org",
        "other_editor@example.org",
    ]
    assert all("Anna" not in m.body and "Bent" not in m.body for m in mail.outbox)
    assert services.reminders_send(now=timezone.now() + dt.timedelta(days=16)) == 0
    services.referral_confirm_first_visit(
        referral=scenario["to_ventilen"], user=scenario["people"]["editor"]
    )
    assert services.reminders_send(now=timezone.now() + dt.timedelta(days=92)) == 1


def test_a_named_contact_person_replaces_the_organisations_editors(scenario):
    """The editors lose the referrals sent to them; the new contact gets only new ones."""
    ventilen = Initiative.objects.get(name="Ventilen")
    ventilen.referral_contact = scenario["people"]["other_editor"]
    ventilen.save()
    assert not selectors.referrals_for_contact(scenario["people"]["editor"]).exists()
    names = lambda: {  # noqa: E731
        r.initiative.name
        for r in selectors.referrals_for_contact(scenario["people"]["other_editor"])
    }
    assert names() == {"Ældre Sagens Besøgstjeneste"}
    services.initiative_refer(
        case=scenario["bent"], initiative=ventilen, user=scenario["people"]["broker"]
    )
    assert names() == {"Ventilen", "Ældre Sagens Besøgstjeneste"}


def test_suggestions_fit_the_age_and_rank_what_the_citizen_shares(scenario):
    bent = scenario["bent"]  # 75+, already referred to Ældre Sagen's visits
    names = [s.initiative.name for s in selectors.suggestions(bent, limit=50)]
    assert "Ældre Sagens Besøgstjeneste" not in names
    assert "Ventilen" not in names  # 16-29 only
    for s in selectors.suggestions(bent, limit=50):
        low, high = s.initiative.minimum_age, s.initiative.maximum_age
        assert (low is None or low <= 120) and (high is None or high >= 75)
    ventilen = Initiative.objects.get(name="Ventilen")
    ventilen.description = "Vi spiller brætspil og hører musik"
    ventilen.save()
    from brobygger.directory.services import initiative_reindex

    initiative_reindex(ventilen)
    young, _ = services.referral_submit(
        user=scenario["people"]["staff"],
        arena=scenario["jobcenter"],
        citizen_fields=citizen("Carl", interests="brætspil"),
        consent=services.ConsentGiven(),
    )
    top = selectors.suggestions(young)[0]
    assert top.initiative.name == "Ventilen" and "interests" in top.reasons


def test_an_expired_consent_ends_the_case_like_a_withdrawal(scenario):
    anna, bent = scenario["anna"], scenario["bent"]
    anna.citizen.consents.update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    before = _funnel_counts()
    assert services.expired_consents_end() == 1
    anna.refresh_from_db()
    anna.citizen.refresh_from_db()
    assert anna.closed_reason == "consent_expired"
    assert set(_personal_values(anna.citizen).values()) == {""}
    bent.citizen.refresh_from_db()
    assert bent.citizen.name == "Bent Brun"
    assert _funnel_counts() == before
    assert services.expired_consents_end() == 0


def test_the_daily_commands_run_from_the_command_line(scenario, settings):
    from typer.testing import CliRunner

    from brobygger.cli import app

    settings.REFERRALS_ANONYMISE_AFTER_DAYS = 0
    services.case_advance(scenario["bent"], Case.State.CLOSED, reason="declined")
    result = CliRunner().invoke(app, ["referrals", "anonymise"])
    assert result.exit_code == 0, result.output
    assert "Anonymised 1 citizens." in result.output
    result = CliRunner().invoke(app, ["users", "token", "nobody"])  # was `referrals token`
    assert result.exit_code == 2 and "username" in result.output


def test_a_cancelled_referral_takes_no_more_confirmations(scenario):
    to_visits, editor = scenario["to_visits"], scenario["people"]["other_editor"]
    visited = timezone.now()
    services.referral_confirm_first_visit(referral=to_visits, user=editor, now=visited)
    services.consent_withdraw(case=scenario["bent"])
    to_visits.refresh_from_db()
    with pytest.raises(services.ReferralError, match="^consent: .* withdrawn"):
        services.referral_confirm_participating(
            referral=to_visits, user=editor, now=visited + dt.timedelta(days=100)
        )
    assert to_visits.participating_at is None


def test_sending_a_referral_form_twice_stores_one_case(people2, client):
    arena = people2["staff"].arena_memberships.get().arena
    form = client.get("/faellesskab/kontakt/").context["form"]
    key = str(form.initial["client_reference"])
    body = {"client_reference": key, "name": "Lis", "phone": "12345678", "language": "da",
            "age_band": "45-59", "consent": "on"}  # fmt: skip
    assert client.post("/faellesskab/kontakt/", body).status_code == 200
    assert client.post("/faellesskab/kontakt/", body).status_code == 200  # a reload
    assert Case.objects.filter(citizen__name="Lis").count() == 1
    client.force_login(people2["staff"])
    body = {**body, "client_reference": str(uuid.uuid4()), "name": "Ole", "arena": arena.pk,
            "consent_given_by": "citizen", "consent_method": "oral"}  # fmt: skip
    client.post("/henvis/", body)
    client.post("/henvis/", body)
    assert Case.objects.filter(citizen__name="Ole", arena=arena).count() == 1


def test_the_migration_gives_past_referrals_their_current_contacts_as_recipients(scenario):
    """Who the contact was when a referral was sent was never stored before: the migration
    records who receives the initiative's referrals now (documented in the migration)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("brobygger.referrals.migrations.0004_fill_recipients")
    to_ventilen, to_visits = scenario["to_ventilen"], scenario["to_visits"]
    to_ventilen.recipients.clear()
    to_visits.recipients.clear()
    ventilen = to_ventilen.initiative
    ventilen.referral_contact = scenario["people"]["other_editor"]
    ventilen.save()
    migration.fill_recipients(apps, None)
    assert list(to_ventilen.recipients.all()) == [scenario["people"]["other_editor"]]
    assert list(to_visits.recipients.all()) == [scenario["people"]["other_editor"]]


def test_an_expired_consent_hides_the_citizen_and_ends_the_case_when_opened(scenario, client):
    anna = scenario["anna"]
    anna.citizen.consents.update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    assert not selectors.referrals_for_contact(scenario["people"]["editor"]).exists()
    client.force_login(scenario["people"]["broker"])
    page = client.get(f"/formidler/sag/{anna.pk}/").content.decode()
    assert "Anna Andersen" not in page
    anna.refresh_from_db()
    assert anna.state == Case.State.CLOSED and anna.closed_reason == "consent_expired"
