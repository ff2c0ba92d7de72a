"""Finding 5: referral state changes must lock the case, re-check consent (withdrawn or expired)
and the referral's state, and save only the fields they change. Loading a referral, withdrawing
consent in another request and then confirming the first visit must not reopen the case."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from brobygger.referrals import services
from brobygger.referrals.models import Case, Referral
from tests.referrals.conftest import people2, scenario  # noqa: F401


def _in_other_connection(work, *args) -> threading.Thread:
    """Run ``work`` in a thread, i.e. on its own database connection, and close it after."""
    errors = []

    def run():
        try:
            work(*args)
        except Exception as error:  # pragma: no cover - reported by the test below
            errors.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.errors = errors
    thread.start()
    return thread


def _withdraw(case_id):
    services.consent_withdraw(case=Case.objects.get(pk=case_id))


def _assert_withdrawn(case_id, referral_id):
    case = Case.objects.get(pk=case_id)
    assert case.state == Case.State.CLOSED
    assert case.closed_reason == Case.ClosedReason.CONSENT_WITHDRAWN
    assert case.citizen.anonymised_at is not None and case.citizen.name == ""
    referral = Referral.objects.get(pk=referral_id)
    assert referral.cancelled_at is not None and referral.first_visit_at is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_confirmation_loaded_before_a_withdrawal_elsewhere(scenario):  # noqa: F811
    loaded = Referral.objects.select_related("case", "initiative").get(
        pk=scenario["to_ventilen"].pk
    )  # the contact person's page was loaded ...
    other = _in_other_connection(_withdraw, scenario["anna"].pk)  # ... consent withdrawn ...
    other.join()
    assert not other.errors
    with pytest.raises(services.ReferralError):  # ... then the first visit is confirmed
        services.referral_confirm_first_visit(referral=loaded, user=scenario["people"]["editor"])
    _assert_withdrawn(scenario["anna"].pk, loaded.pk)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_waits_for_a_withdrawal_in_progress_and_then_refuses(scenario):  # noqa: F811
    anna, loaded = scenario["anna"], scenario["to_ventilen"]
    locked = threading.Event()

    def withdraw_slowly(case_id):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_id)
            locked.set()
            time.sleep(0.5)  # a confirmation arriving now must wait for this transaction
            services.consent_withdraw(case=case)

    other = _in_other_connection(withdraw_slowly, anna.pk)
    assert locked.wait(10)
    with pytest.raises(services.ReferralError):
        services.referral_confirm_first_visit(referral=loaded, user=scenario["people"]["editor"])
    other.join()
    assert not other.errors
    _assert_withdrawn(anna.pk, loaded.pk)


@pytest.mark.django_db
def test_it_refuses_every_change_to_a_case_loaded_before_its_withdrawal(scenario):  # noqa: F811
    stale = Case.objects.get(pk=scenario["anna"].pk)
    stale_referral = Referral.objects.get(pk=scenario["to_ventilen"].pk)
    services.consent_withdraw(case=Case.objects.get(pk=stale.pk))
    broker, editor = scenario["people"]["broker"], scenario["people"]["editor"]
    attempts = [
        lambda: services.case_advance(stale, Case.State.IN_DIALOGUE),
        lambda: services.contact_add(case=stale, user=broker, channel="phone", reached=True),
        lambda: services.initiative_refer(
            case=stale, initiative=stale_referral.initiative, user=broker
        ),
        lambda: services.outcome_record(case=stale, moment="follow_up", items=(1, 1, 1)),
        lambda: services.referral_confirm_first_visit(referral=stale_referral, user=editor),
    ]
    for attempt in attempts:
        with pytest.raises(services.ReferralError):
            attempt()
    _assert_withdrawn(stale.pk, stale_referral.pk)
    assert not Case.objects.get(pk=stale.pk).outcomes.exists()


@pytest.mark.django_db
def test_it_stops_processing_at_once_when_consent_has_expired(scenario):  # noqa: F811
    anna = scenario["anna"]
    anna.citizen.consents.update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(services.ReferralError, match="^consent"):
        services.referral_confirm_first_visit(
            referral=scenario["to_ventilen"], user=scenario["people"]["editor"]
        )
    anna = Case.objects.get(pk=anna.pk)  # ended now, not at the next daily run
    assert anna.state == Case.State.CLOSED
    assert anna.closed_reason == Case.ClosedReason.CONSENT_EXPIRED
    assert anna.citizen.anonymised_at is not None
    assert Referral.objects.get(pk=scenario["to_ventilen"].pk).first_visit_at is None


@pytest.mark.django_db
def test_it_saves_only_the_fields_a_change_makes(scenario):  # noqa: F811
    """A stale copy of the case, advanced, must not write back its stale other fields."""
    stale = Case.objects.get(pk=scenario["anna"].pk)
    Case.objects.filter(pk=stale.pk).update(closed_reason="other")  # written elsewhere meanwhile
    services.case_advance(stale, Case.State.FIRST_VISIT)
    assert Case.objects.get(pk=stale.pk).closed_reason == "other"
