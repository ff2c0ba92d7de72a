"""Writes of the course register and the idea catalogue: courses submitted and moderated, ideas
supported (one vote each), offers to take part, state changes and the administrator's CSV seed
(all or nothing: one bad row and nothing is saved)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from django.db import IntegrityError, transaction

from brobygger.accounts.roles import is_administrator
from brobygger.directory.models import Organization
from brobygger.directory.validation import is_web_url
from brobygger.lib.text import ControlCharacterError, check_text
from brobygger.network.models import Course, Idea, IdeaOffer, IdeaSupport
from brobygger.network.services.visits import NetworkError

COURSE_FIELDS = (
    "title",
    "organiser",
    "starts_on",
    "ends_on",
    "place",
    "online",
    "price",
    "url",
    "suits",
)


def course_submit(*, user, organization=None, is_demo: bool = False, **fields) -> Course:
    """An editor adds a course (awaiting moderation); the administrator's own are approved."""
    unknown = set(fields) - set(COURSE_FIELDS)
    if unknown:
        raise NetworkError(f"{sorted(unknown)[0]}: unknown field")
    if not (fields.get("title") or "").strip():
        raise NetworkError("title: required")
    if not (fields.get("organiser") or "").strip():
        raise NetworkError("organiser: required")
    if not isinstance(fields.get("starts_on"), dt.date):
        raise NetworkError("starts_on: a date is required")
    if fields.get("ends_on") and fields["ends_on"] < fields["starts_on"]:
        raise NetworkError("ends_on: must not be before starts_on")
    if fields.get("url") and not is_web_url(fields["url"]):
        raise NetworkError("url: must be an http or https address")
    if not fields.get("online") and not (fields.get("place") or "").strip():
        raise NetworkError("place: give a place, or mark the course as online")
    state = Course.State.APPROVED if is_administrator(user) or is_demo else Course.State.PENDING
    return Course.objects.create(
        organization=organization, submitted_by=user, state=state, is_demo=is_demo, **fields
    )


def course_moderate(*, course: Course, approve: bool) -> Course:
    course.state = Course.State.APPROVED if approve else Course.State.REJECTED
    course.save(update_fields=["state"])
    return course


def idea_support(*, user, idea: Idea) -> bool:
    """One vote per person: True if this added a vote, False if the person had already voted."""
    try:
        with transaction.atomic():
            IdeaSupport.objects.create(idea=idea, user=user)
    except IntegrityError:
        return False
    return True


def idea_offer(*, user, idea: Idea, message: str = "") -> IdeaOffer:
    """Offer to take part (once per person; offering again updates the message)."""
    offer, _created = IdeaOffer.objects.update_or_create(
        idea=idea, user=user, defaults={"message": message.strip()[:500]}
    )
    return offer


def idea_set_state(*, idea: Idea, state: str, outcome: str = "") -> Idea:
    if state not in Idea.State.values:
        raise NetworkError(f"state: {state!r} is not one of {', '.join(Idea.State.values)}")
    if state in (Idea.State.TRIED, Idea.State.SET_ASIDE) and not outcome.strip():
        raise NetworkError("outcome: say what happened, or why it was set aside")
    idea.state, idea.outcome = state, outcome.strip()
    idea.save(update_fields=["state", "outcome"])
    return idea


class IdeaImportError(NetworkError):
    """The CSV file has errors; every one is listed, and nothing was saved."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


IDEA_COLUMNS = ("title", "description", "proposed_by", "state", "outcome")


IDEA_MULTI_LINE = ("description", "outcome")


def _text_cells(row: dict, where: str) -> tuple[dict, list[str]]:
    """The row's cells with no control character (a line break only in the prose columns, CR LF
    stored as LF); each cell that has one is named with the character and its position."""
    cells, errors = {}, []
    for column in IDEA_COLUMNS:
        try:
            cells[column] = check_text(row.get(column) or "", multiline=column in IDEA_MULTI_LINE)
        except ControlCharacterError as error:
            errors.append(f"{where}, {column}: {error}")
            cells[column] = row.get(column)  # the row is refused; its other checks still run
    return cells, errors


def _idea_from_row(row: dict, where: str, organisations: dict) -> tuple[dict, list[str]]:
    row, errors = _text_cells(row, where)
    title = (row.get("title") or "").strip()
    if not title:
        errors.append(f"{where}, title: required")
    elif len(title) > 200:
        errors.append(f"{where}, title: at most 200 characters")
    state = (row.get("state") or "").strip() or Idea.State.IDEA
    outcome = (row.get("outcome") or "").strip()
    if state not in Idea.State.values:
        errors.append(f"{where}, state: {state!r} is not one of {', '.join(Idea.State.values)}")
    elif state in (Idea.State.TRIED, Idea.State.SET_ASIDE) and not outcome:
        errors.append(f"{where}, outcome: required when the state is {state}")
    proposer = (row.get("proposed_by") or "").strip()
    if len(proposer) > 200:
        errors.append(f"{where}, proposed_by: at most 200 characters")
    fields = {
        "title": title,
        "description": (row.get("description") or "").strip(),
        "state": state,
        "outcome": outcome,
        "proposed_by_organization": organisations.get(proposer.casefold()),
        "proposed_by_person": "" if proposer.casefold() in organisations else proposer,
    }
    return fields, errors


def ideas_import(path: Path | str, *, text: str | None = None) -> tuple[int, int]:
    """Seed the catalogue from a CSV file with the columns ``title`` (required),
    ``description``, ``proposed_by`` (an organisation's name, else a person), ``state`` (idea,
    taken, trying, tried, set_aside; default idea) and ``outcome`` (required for tried and
    set_aside). Ideas whose title is already in the catalogue are skipped. Returns (created,
    skipped). Raises ``IdeaImportError`` naming every bad row and field; then nothing is saved."""
    name = Path(path).name
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise IdeaImportError([f"{name}: cannot be read as UTF-8 text ({error})"]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    if "title" not in header:
        raise IdeaImportError([f"{name}: the header row must have a 'title' column"])
    unknown = [h for h in header if h not in IDEA_COLUMNS]
    if unknown:
        raise IdeaImportError([f"{name}: unknown column {unknown[0]!r}"])
    reader.fieldnames = header
    organisations = {o.name.casefold(): o for o in Organization.objects.all()}
    existing = {t.casefold() for t in Idea.all_rows.values_list("title", flat=True)}
    rows, errors, seen = [], [], set()
    for number, row in enumerate(reader, start=2):
        where = f"{name} row {number}"
        if None in row:
            errors.append(f"{where}: more cells than columns")
            continue
        fields, row_errors = _idea_from_row(row, where, organisations)
        errors += row_errors
        key = fields["title"].casefold()
        if key in seen:
            errors.append(f"{where}, title: {fields['title']!r} appears twice in the file")
        seen.add(key)
        if not row_errors and key not in existing:
            rows.append(fields)
    if errors:
        raise IdeaImportError(errors)
    with transaction.atomic():
        Idea.objects.bulk_create([Idea(**fields) for fields in rows])
    return len(rows), len(seen) - len(rows)
