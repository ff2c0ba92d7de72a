"""The daily work: a registry of steps, and one run of them all.

Core imports no app, so each app registers its own steps in its ``AppConfig.ready()``::

    register_step("network.reminders", reminders_send, atomic=False)

:func:`run_daily` runs them in the order they were registered (the order of
``INSTALLED_APPS``), each on its own: a step that raises is logged with its traceback (the
exception's type and where it was raised, never its message, which may quote personal data),
named in the report, and the next step runs. A step that only changes the database runs in its
own transaction (``atomic=True``), so a failure leaves nothing half done; a step that sends
messages commits each message's stamp as it goes (``atomic=False``), so a failure after the
tenth message never rolls back the stamps of the nine already sent.

``brobygger daily`` runs it by hand, the worker once a day at ``DAILY_AT``
(``core.daily_schedule``).
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction

logger = logging.getLogger("brobygger.daily")

StepResultValue = int | Mapping[str, int] | None


class UnknownStep(ValueError):
    """``only`` named a step (or an app's steps) that is not registered."""


@dataclass(frozen=True)
class Step:
    name: str  # "<app>.<what>", e.g. "referrals.anonymise"
    func: Callable[[], StepResultValue]
    atomic: bool = True


@dataclass(frozen=True)
class StepResult:
    name: str
    ok: bool
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""  # the exception's type, when the step failed


@dataclass(frozen=True)
class DailyReport:
    results: tuple[StepResult, ...]

    @property
    def failed(self) -> tuple[str, ...]:
        return tuple(result.name for result in self.results if not result.ok)

    @property
    def exit_code(self) -> int:
        """0 when every step ran, else 1 (the output and the log name the failed steps)."""
        return 1 if self.failed else 0


_steps: dict[str, Step] = {}


def register_step(name: str, func: Callable[[], StepResultValue], *, atomic: bool = True) -> None:
    """Add a daily step. ``func()`` takes no arguments and returns a count, a mapping of named
    counts, or None. Registering the same name again replaces the step (``ready()`` may run
    more than once in a test run)."""
    if "." not in name:
        raise ValueError(f"step {name!r}: name it '<app>.<what>', e.g. 'referrals.anonymise'")
    _steps[name] = Step(name=name, func=func, atomic=atomic)


def unregister_step(name: str) -> None:
    _steps.pop(name, None)


def step_names() -> list[str]:
    return list(_steps)


def select_steps(only: Iterable[str] | None = None) -> list[Step]:
    """The steps to run: all, or those named in ``only`` (a step's full name, or an app's name
    for all its steps), in registration order; :class:`UnknownStep` names what matches none."""
    if only is None:
        return list(_steps.values())
    wanted = [name.strip() for name in only if name.strip()]
    unknown = [w for w in wanted if not any(_matches(step, w) for step in _steps)]
    if unknown:
        raise UnknownStep(
            f"unknown daily step {', '.join(unknown)}; the steps are: {', '.join(_steps)}"
        )
    return [step for name, step in _steps.items() if any(_matches(name, w) for w in wanted)]


def _matches(step: str, wanted: str) -> bool:
    return step == wanted or step.startswith(wanted + ".")


def _counts(value: StepResultValue) -> dict[str, int]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return {str(key): int(count) for key, count in value.items()}
    return {"count": int(value)}


def run_step(step: Step) -> StepResult:
    """One step on its own: logged at start and end; an exception is logged and reported."""
    logger.info("daily step %s started", step.name)
    started = time.monotonic()
    try:
        if step.atomic:
            with transaction.atomic():
                value = step.func()
        else:
            value = step.func()
        counts = _counts(value)
    except Exception as exc:  # one failing step never stops the others
        where = "".join(traceback.format_tb(exc.__traceback__))
        logger.error(
            "daily step %s failed after %.1f s: %s (message left out: it may hold personal "
            "data)\nTraceback (most recent call last):\n%s",
            step.name, time.monotonic() - started, type(exc).__qualname__, where,
        )  # fmt: skip
        return StepResult(name=step.name, ok=False, error=type(exc).__qualname__)
    logger.info(
        "daily step %s finished in %.1f s: %s",
        step.name,
        time.monotonic() - started,
        ", ".join(f"{key}={count}" for key, count in counts.items()) or "done",
    )
    return StepResult(name=step.name, ok=True, counts=counts)


def run_daily(only: Iterable[str] | None = None) -> DailyReport:
    """Every registered step (or those ``only`` names), each on its own."""
    steps = select_steps(only)
    results = tuple(run_step(step) for step in steps)
    report = DailyReport(results=results)
    if report.failed:
        logger.error("daily run: %d of %d steps failed: %s", len(report.failed), len(results),
                     ", ".join(report.failed))  # fmt: skip
    else:
        logger.info("daily run: all %d steps ran", len(results))
    return report
