"""One way to make the secrets that links and receipts carry: a random token, its digest (the
only thing stored), and a constant-time comparison.

A token is URL-safe text from ``secrets``; its digest is SHA-256 in hex. A leaked database
therefore gives no working link: the token itself is shown once (a link, a receipt) and never
kept. SHA-256 without a salt is right here, unlike for passwords: the tokens are long random
strings, so there is nothing to guess from the digest.

Example:

    token, digest = token_pair()
    Invitation.objects.create(digest=digest)          # store the digest
    send(link_with(token))                             # show the token once
    Invitation.objects.filter(digest=token_digest(typed))  # find it again
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

DEFAULT_BYTES = 32


def new_token(nbytes: int = DEFAULT_BYTES) -> str:
    """A fresh random token, URL-safe (about 1.3 characters per byte)."""
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    """What is stored in place of ``token``: its SHA-256, 64 hex digits."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_pair(nbytes: int = DEFAULT_BYTES) -> tuple[str, str]:
    """A fresh token and its digest."""
    token = new_token(nbytes)
    return token, token_digest(token)


def token_matches(token: str, digest: str) -> bool:
    """Whether ``token`` is the one ``digest`` was made from (constant time)."""
    return bool(token) and hmac.compare_digest(token_digest(token), digest)
