"""Keeping what an HSDS file says that our fields do not hold, so that it exports again as given.

Each record kind we model keeps a JSON column ``hsds_extra``::

    {"extra": {key: value, ...},                      # properties we do not model, as given
     "verbatim": {key: {"ours": ..., "given": ...}}}  # a modelled property written differently

``remember`` is called at import with the object as the file gave it and the record as we export
it (``own``, the record's own properties without its modelled children). ``restore`` is called at
export: properties we do not model come back as given; a modelled property comes back as the file
wrote it only while our value is still the one the import produced (an edit in the interface
wins). ``"ours"`` or ``"given"`` left out of a verbatim entry means the key was absent there.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

# Ids for what a file names but does not identify (a taxonomy given only by its name).
FOREIGN_NAMESPACE = uuid.UUID("5d0c2a51-8b7e-4c3f-a9d6-2e41f07b9c18")


def remember(
    given: dict, own: dict, *, children: Iterable[str] = (), previous: dict | None = None
) -> dict:
    """What to keep of ``given`` beside our fields. ``children`` are the keys our model rebuilds
    (phones, schedules, …): they are neither extra nor verbatim, but an empty list the file gave
    is kept. A list the file leaves out that an earlier import gave is kept (a summary of a
    service carries none of its lists)."""
    children = set(children)
    extra: dict = {}
    verbatim: dict = {}
    for key, value in given.items():
        if key in children:
            if value == []:
                extra[key] = []
            continue
        if key not in own:
            extra[key] = value
        elif own[key] != value:
            verbatim[key] = {"ours": own[key], "given": value}
    for key, value in own.items():
        if key not in given and key not in children:
            verbatim[key] = {"ours": value}
    earlier = (previous or {}).get("extra", {})
    for key, value in earlier.items():
        if isinstance(value, list) and key not in given:
            extra[key] = value
    return {"extra": extra, "verbatim": verbatim}


# The nested objects a file may leave out (``absent``).
OPTIONAL_OBJECTS = {"taxonomy_term": ("taxonomy_detail",), "attribute": ("taxonomy_term",)}


def absent(given_obj: dict, keys: Iterable[str]) -> list[str]:
    """Which of the nested objects ``keys`` (e.g. a term's ``taxonomy_detail``) the file left
    out: they are left out again on export."""
    return [key for key in keys if key not in given_obj]


def given(kept: dict | None, key: str) -> bool:
    """Whether to export the nested object ``key``: not when the imported file left it out."""
    return key not in (kept or {}).get("absent", ())


def restore(own: dict, kept: dict | None, *, lists: bool = True) -> dict:
    """``own`` with what ``remember`` kept put back; ``lists=False`` leaves out the kept lists
    (a summary, as in HSDS's ``service_list``)."""
    kept = kept or {}
    out = dict(own)
    for key, entry in (kept.get("verbatim") or {}).items():
        ours = out.get(key, _ABSENT)
        if ours != entry.get("ours", _ABSENT):
            continue  # changed since the import: our value stands
        if "given" in entry:
            out[key] = entry["given"]
        else:
            out.pop(key, None)
    for key, value in (kept.get("extra") or {}).items():
        if not lists and isinstance(value, list):
            continue
        out.setdefault(key, value)
    return out


class _Absent:
    def __eq__(self, other) -> bool:
        return isinstance(other, _Absent)

    def __hash__(self) -> int:
        return 0


_ABSENT = _Absent()
