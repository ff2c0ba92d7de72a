"""Danish compound words: a "spisegruppe" is a "gruppe", "besøgsvenner" are "venner".

Danish writes compounds as one word, the last part naming what the thing is. A word is split
into its first parts and its last part (the head) over a small curated word list
(``danish_compound_words.txt``): the head must be a word of the list in any form ("grupper",
"venner": compared by stem), the first parts words of the list as written, each maybe followed
by a linking "s" ("besøgs|tjenesten", "selvhjælps|grupper"). A head marked open in the list
may follow any first part of three or more letters ("bridge|gruppen"). The longest head wins.

The search indexes, beside a word's stem, the stems of its head, of the compounds it ends in
and of its known first parts, so "gruppe" finds "Spisegrupper" and "spise" finds it too; a
query word is stemmed the same way (``Lexicon.stem``), so "besøgsven" and "besøgsvenner" agree.
Deterministic and pure Python: SQLite and PostgreSQL index the very same stems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

WORD_LIST = Path(__file__).with_name("danish_compound_words.txt")
MIN_PART = 2  # "gå|tur"
MIN_HEAD = 3
MIN_OPEN_FIRST_PART = 3  # before an open head, an unknown first part has at least this many


@dataclass(frozen=True)
class Split:
    """A compound: its first parts as written, the lemma of each (None: not in the list),
    the head as written and the head's stem."""

    parts: tuple[str, ...]
    lemmas: tuple[str | None, ...]
    head: str
    head_stem: str


def read_word_list(path: Path = WORD_LIST) -> tuple[list[str], list[str]]:
    """(all words, the open ones) of a word list file; "#" starts a comment."""
    words, open_heads = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if not entry:
            continue
        word = entry.rstrip("*")
        words.append(word)
        if entry.endswith("*"):
            open_heads.append(word)
    return words, open_heads


class Lexicon:
    """The words compounds are split into, and the stemmer their heads are compared with."""

    def __init__(self, words: Iterable[str], open_heads: Iterable[str], stem: Callable):
        self.words = frozenset(words)
        self._stem = stem
        self.head_stems = frozenset(stem(w) for w in self.words if len(w) >= MIN_HEAD)
        self.open_head_stems = frozenset(stem(w) for w in open_heads)

    def _first_parts(self, text: str) -> tuple[tuple[str, str], ...] | None:
        """``text`` as a chain of known words, each maybe with a linking "s" (longest first)."""
        if not text:
            return ()
        for end in range(len(text), MIN_PART - 1, -1):
            part = text[:end]
            if part in self.words:
                lemma = part
            elif part.endswith("s") and part[:-1] in self.words:
                lemma = part[:-1]
            else:
                continue
            rest = self._first_parts(text[end:])
            if rest is not None:
                return ((part, lemma), *rest)
        return None

    def split(self, word: str) -> Split | None:
        """The compound ``word`` (lower case) is made of, or None when it is not one we know."""
        if len(word) < MIN_PART + MIN_HEAD or not word.isalpha():
            return None
        for i in range(MIN_PART, len(word) - MIN_HEAD + 1):  # the longest head first
            head_stem = self._stem(word[i:])
            if head_stem not in self.head_stems:
                continue
            chain = self._first_parts(word[:i])
            if chain is not None:
                parts = tuple(p for p, _lemma in chain)
                lemmas = tuple(lemma for _p, lemma in chain)
                return Split(parts, lemmas, word[i:], head_stem)
        for i in range(MIN_OPEN_FIRST_PART, len(word) - MIN_HEAD + 1):
            head_stem = self._stem(word[i:])
            if head_stem in self.open_head_stems:
                return Split((word[:i],), (None,), word[i:], head_stem)
        return None

    def stem(self, word: str) -> str:
        """A word's stem: a compound's first parts as written and its head's stem
        ("besøgsvenner" and "besøgsven" both give "besøgsven"); otherwise the Snowball stem."""
        split = self.split(word)
        if split is None:
            return self._stem(word)
        return "".join(split.parts) + split.head_stem

    def part_stems(self, word: str) -> tuple[str, ...] | None:
        """The stems of every part of a compound made of known words only ("gåture": "gå",
        "tur"), else None. A query word is also satisfied by all its parts ("Gåklubben",
        "en tur")."""
        split = self.split(word)
        if split is None or None in split.lemmas:
            return None
        return (*(self._stem(lemma) for lemma in split.lemmas), split.head_stem)

    def index_stems(self, word: str) -> set[str]:
        """Every stem a document holding ``word`` is found by: its own, the compounds it ends
        in ("aftenspisegrupper": "spisegrup", "grup") and its known first parts ("spis")."""
        split = self.split(word)
        if split is None:
            return {self._stem(word)}
        found = {"".join(split.parts[i:]) + split.head_stem for i in range(len(split.parts))}
        found.add(split.head_stem)
        found.update(self._stem(lemma) for lemma in split.lemmas if lemma)
        return found
