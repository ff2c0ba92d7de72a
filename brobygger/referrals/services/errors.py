"""The errors of the referral services."""

from __future__ import annotations


class ReferralError(ValueError):
    """A referral operation that cannot be done, with a message naming the field or state."""


class ConsentExpired(ReferralError):
    """The citizen's consent to the broker's contact has run out: processing stops at once."""


class NoContactPerson(ReferralError):
    """The initiative has no contact person and no organisation editor: nobody would receive
    the referral. The broker must confirm that they follow it up themselves."""
