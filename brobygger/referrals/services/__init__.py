"""Writes of the collaboration model, by concern:

- ``submission``: staff and self-referrals with consent, stored once per client reference;
- ``machine`` and ``changes``: the case's state machine and every change to a case (the broker's
  work, the referral to an initiative, the initiative's confirmations, outcomes), each in a
  transaction that locks the case and re-checks consent first;
- ``consent``: withdrawal, expiry and anonymisation (retention);
- ``access``: the access log, the right-of-access export and the contact person's list;
- ``assignment``: which broker has a case;
- ``case_signups``: the broker signs a case's citizen up for an activity (the activities app
  makes the sign-up through a callback; the referral and the case's state are recorded here,
  under the case's lock), and the host's "came" confirms the first visit;
- ``notifications``: the e-mails to contact persons and brokers, and the reminders;
- ``arenas``: the administrator's arenas (name, introduced date, staff), each change in the
  administration's history (``from brobygger.referrals.services import arenas``).

The public names are re-exported here, so ``from brobygger.referrals import services`` serves.
"""

from brobygger.referrals.services.access import (
    access_log,
    citizen_export,
    referrals_seen_by_contact,
)
from brobygger.referrals.services.assignment import case_assign
from brobygger.referrals.services.case_signups import (
    CaseSignUp,
    CitizenContact,
    case_first_visit_record,
    case_signup_record,
)
from brobygger.referrals.services.changes import (
    case_advance,
    contact_add,
    initiative_refer,
    outcome_record,
    referral_confirm_first_visit,
    referral_confirm_participating,
)
from brobygger.referrals.services.consent import (
    citizen_anonymise,
    closed_cases_anonymise,
    consent_end_if_expired,
    consent_withdraw,
    expired_consents_end,
    withdrawal_code_issue,
)
from brobygger.referrals.services.errors import NoContactPerson, ReferralError
from brobygger.referrals.services.machine import STATE_ORDER, STATE_TIMESTAMP
from brobygger.referrals.services.notifications import reminders_send
from brobygger.referrals.services.submission import (
    CITIZEN_FIELDS,
    ConsentGiven,
    referral_submit,
    self_referral_submit,
)

__all__ = [
    "CITIZEN_FIELDS",
    "STATE_ORDER",
    "STATE_TIMESTAMP",
    "CaseSignUp",
    "CitizenContact",
    "ConsentGiven",
    "NoContactPerson",
    "ReferralError",
    "access_log",
    "case_advance",
    "case_assign",
    "case_first_visit_record",
    "case_signup_record",
    "citizen_anonymise",
    "citizen_export",
    "closed_cases_anonymise",
    "consent_end_if_expired",
    "consent_withdraw",
    "contact_add",
    "expired_consents_end",
    "initiative_refer",
    "outcome_record",
    "referral_confirm_first_visit",
    "referral_confirm_participating",
    "referral_submit",
    "referrals_seen_by_contact",
    "reminders_send",
    "self_referral_submit",
    "withdrawal_code_issue",
]
