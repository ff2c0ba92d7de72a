"""Danish word forms for search: "fællesskaber" and "fællesskab" share one stem.

The same Snowball algorithm as PostgreSQL's ``danish`` text-search configuration, used where
SQLite serves (the embedded default) so both databases find the same things.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("danish")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


def stems(text: str) -> list[str]:
    """The Danish Snowball stems of the words in ``text``, in order, lower case."""
    return _stemmer().stemWords(words(text))


def stem_document(text: str) -> str:
    """A space-delimited set of stems (with a leading and trailing space) for LIKE matching."""
    unique = sorted(set(stems(text)))
    return f" {' '.join(unique)} " if unique else ""
