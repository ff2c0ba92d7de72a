"""The personal list being put together: the initiatives staff have ticked, kept in the session
(server-side) so the ticks survive paging and new searches. Ids only; nothing about a citizen."""

from __future__ import annotations

import uuid

SESSION_KEY = "directory_personal_list"
LIST_MAX = 30


def _valid(value) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def ids(session) -> list[str]:
    """The ticked initiative ids, in the order they were ticked."""
    return [i for i in (_valid(v) for v in session.get(SESSION_KEY, [])) if i]


def add(session, values) -> list[str]:
    current = ids(session)
    for value in values:
        pk = _valid(value)
        if pk and pk not in current and len(current) < LIST_MAX:
            current.append(pk)
    session[SESSION_KEY] = current
    return current


def remove(session, values) -> list[str]:
    gone = {_valid(v) for v in values}
    current = [i for i in ids(session) if i not in gone]
    session[SESSION_KEY] = current
    return current


def clear(session) -> None:
    session.pop(SESSION_KEY, None)
