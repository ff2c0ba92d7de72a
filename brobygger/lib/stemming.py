"""Danish words for search: "fællesskaber" and "fællesskab" share one stem, "og" is no word,
and "spisegrupper" is found by "gruppe".

The Snowball Danish stemmer and stop list, the same as PostgreSQL's ``danish`` text-search
configuration, and compound words split over a curated word list (``compounds.py``). The
directory's search (``brobygger.directory.search``) runs every text through these functions on
both databases, so SQLite and PostgreSQL find the same things.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from brobygger.lib import compounds

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


def snowball(word: str) -> str:
    """The Snowball stem of one lower-case word."""
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def lexicon() -> compounds.Lexicon:
    words, open_heads = compounds.read_word_list()
    return compounds.Lexicon(words, open_heads, snowball)


@lru_cache(maxsize=50_000)
def word_stem(word: str) -> str:
    """The stem a query word is looked up by (compounds: first parts + the head's stem)."""
    return lexicon().stem(word)


@lru_cache(maxsize=50_000)
def part_stems(word: str) -> tuple[str, ...] | None:
    """The stems of a compound's parts when all are known words ("gåture": "gå", "tur")."""
    return lexicon().part_stems(word)


@lru_cache(maxsize=50_000)
def _index_stems(word: str) -> frozenset[str]:
    return frozenset(lexicon().index_stems(word))


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, stop words left out."""
    return [w for w in (m.lower() for m in _WORD.findall(text or "")) if w not in STOP_WORDS]


def stems(text: str) -> list[str]:
    """The stems of the (non-stop) words in ``text``, in order, lower case: what a query
    looks for."""
    return [word_stem(w) for w in words(text)]


def document_stems(text: str) -> set[str]:
    """Every stem a text is found by: its words' stems and their compounds' parts."""
    found: set[str] = set()
    for word in words(text):
        found |= _index_stems(word)
    return found


def stem_document(text: str) -> str:
    """The distinct stems, space-delimited with a space at each end (for whole-stem LIKE)."""
    unique = sorted(document_stems(text))
    return f" {' '.join(unique)} " if unique else ""
