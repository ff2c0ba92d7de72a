"""Waiting for something another process does, with a bound (tests of real processes)."""

from __future__ import annotations

import time


def wait_for(predicate, timeout: float = 15.0, what: str = "the condition"):
    """``predicate()``'s first truthy value, polled every 50 ms; AssertionError after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
