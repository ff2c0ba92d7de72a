"""Finding 7: `brobygger serve` keeps its background worker alive: a worker that dies is started
again (with a back-off), and stopping the server stops the worker."""

from __future__ import annotations

import os
import signal
import sys

from tests.waiting import wait_for

CHILD = [sys.executable, "-c", "import time; time.sleep(120)"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_it_restarts_a_worker_that_is_killed_and_stops_it_at_the_end():
    from brobygger.insights.supervisor import Supervisor

    supervisor = Supervisor(CHILD, backoff=(0.1, 0.2))
    supervisor.start()
    try:
        first = wait_for(lambda: supervisor.pid)
        os.kill(first, signal.SIGKILL)
        second = wait_for(lambda: supervisor.pid not in (None, first) and supervisor.pid)
        assert _alive(second)
        assert supervisor.restarts == 1 and supervisor.exit_codes == [-signal.SIGKILL]
    finally:
        supervisor.stop(timeout=10)
    wait_for(lambda: not _alive(second))
    assert supervisor.pid is None


def test_it_waits_longer_each_time_a_worker_keeps_dying():
    from brobygger.insights.supervisor import Supervisor

    supervisor = Supervisor([sys.executable, "-c", "raise SystemExit(3)"], backoff=(0.05, 0.4))
    supervisor.start()
    try:
        wait_for(lambda: supervisor.restarts >= 3)
    finally:
        supervisor.stop(timeout=10)
    assert supervisor.delays[:3] == [0.05, 0.4, 0.4]
    assert supervisor.exit_codes[:3] == [3, 3, 3]


def test_it_stops_the_worker_when_the_web_server_ends():
    from brobygger.insights.supervisor import Supervisor, run_beside

    supervisor = Supervisor(CHILD, backoff=(0.1,))
    web = [sys.executable, "-c", "import time; time.sleep(1.5); raise SystemExit(4)"]
    assert run_beside(web, supervisor) == 4
    assert supervisor.pid is None
    assert supervisor.exit_codes == [-signal.SIGTERM]  # it was running, and was stopped
