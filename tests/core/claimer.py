"""One worker's claim of a day, as a process of its own: waits until the file ``GO`` exists
(so several start their claim together), claims ``DAY`` for ``OWNER``, prints claimed or not.

Usage: python tests/core/claimer.py GO DAY OWNER
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import django

django.setup()

from brobygger.core.daily_schedule import claim  # noqa: E402

go, day, owner = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2]), sys.argv[3]
print("ready", flush=True)
while not go.exists():
    time.sleep(0.01)
print("claimed" if claim(day, owner=owner) is not None else "not claimed", flush=True)
