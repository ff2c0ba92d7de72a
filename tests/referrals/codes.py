"""Find the withdrawal codes a page, message or PDF text gives for a case. Only digests are
stored, so the test reads the code where the citizen would, and checks that it is the case's."""

from __future__ import annotations

import re

from brobygger.core.tokens import token_digest
from brobygger.referrals.models import WithdrawalCode

CODE = re.compile(r"[A-Za-z0-9_-]{24}")


def withdrawal_codes_of(case, text: str) -> set[str]:
    """Every 24-character run in ``text`` that is one of ``case``'s live withdrawal codes (runs
    may overlap: PDF text has no spaces once the line breaks are joined)."""
    windows = {text[i : i + 24] for i in range(max(0, len(text) - 23))}
    digests = {token_digest(w): w for w in windows if CODE.fullmatch(w)}
    found = WithdrawalCode.objects.filter(case=case, digest__in=list(digests))
    return {digests[d] for d in found.values_list("digest", flat=True)}


def fragment_code(html: str) -> str:
    """The code after ``#kode=`` in the page's withdrawal link."""
    return re.search(r'id="withdrawal-link" href="[^"#]*#kode=([A-Za-z0-9_-]+)"', html).group(1)
