"""Danish words for search: "fællesskaber" and "fællesskab" share one stem, "og" is no word.

The Snowball Danish stemmer and stop list, the same as PostgreSQL's ``danish`` text-search
configuration. The directory's search (``brobygger.directory.search``) runs every text through
these functions on both databases, so SQLite and PostgreSQL find the same things.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

# The Snowball project's Danish stop list, as PostgreSQL's ``danish`` configuration uses it
# (share/postgresql/tsearch_data/danish.stop).
_DANISH_STOP = """
    og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om
    vi min havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv
    her alle vil blev kunne ind når være dog noget ville jo deres efter ned skulle denne end
    dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis din
    nogle hos blive mange ad bliver hendes været thi jer sådan
"""
STOP_WORDS = frozenset(_DANISH_STOP.split())
# Runs of letters and digits. Not \w alone: that also takes "_", which would glue words.
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("danish")


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, stop words left out."""
    return [w for w in (m.lower() for m in _WORD.findall(text or "")) if w not in STOP_WORDS]


def stems(text: str) -> list[str]:
    """The Danish Snowball stems of the (non-stop) words in ``text``, in order, lower case."""
    return _stemmer().stemWords(words(text))


def stem_document(text: str) -> str:
    """The distinct stems, space-delimited with a space at each end (for whole-stem LIKE)."""
    unique = sorted(set(stems(text)))
    return f" {' '.join(unique)} " if unique else ""
