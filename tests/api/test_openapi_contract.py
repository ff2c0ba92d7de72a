"""The OpenAPI document tells the truth: schemathesis runs every operation of /api/v1/
(directory, referrals, activities, network) with generated input, valid and invalid, as an
anonymous caller and with a bearer token of each role, and applies every check it has
(``--checks all``): no server error, only documented status codes, content types, headers and
bodies, invalid input refused, valid input accepted, authentication not ignored.

In-process through the WSGI app, deterministic (``derandomize``) and bounded (``EXAMPLES``
per operation, mode and caller), so CI on two cores runs it in minutes and never flakes.
"""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks

from brobygger.accounts.tokens import token_create
from brobygger.config.api import api

pytestmark = pytest.mark.django_db
EXAMPLES = 25
# ``ignored_auth`` sends each case again without a token and with a broken one: half the run's
# requests. Whether an operation enforces its authentication does not change from one example to
# the next (schemathesis' own runner confirms it once per operation), so it runs on the first few.
AUTH_PROBED_EXAMPLES = 5
# Every role that can hold a token (the other editor has the editor's role).
ROLES = ("citizen", "staff", "broker", "editor", "analyst", "administrator")
PREFIXES = ("/api/v1/directory", "/api/v1/referrals", "/api/v1/activities", "/api/v1/network")

# What JSON Schema cannot state: an activity starts in the future and ends after it starts (the
# document says so in words; tests/activities/test_api.py checks the server refuses the rest).
# Valid activities generated for the document get such times; everything else stays generated.
TIMED_OPERATION = "POST /api/v1/activities/"


def _with_future_times(case):
    if isinstance(case.body, dict) and {"starts_at", "ends_at"} <= case.body.keys():
        starts = timezone.now() + dt.timedelta(days=7)
        case.body["starts_at"] = starts.isoformat()
        case.body["ends_at"] = (starts + dt.timedelta(hours=2)).isoformat()
    return case


def _labels() -> list[str]:
    paths = api.get_openapi_schema()["paths"]
    return [
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        if path.startswith(PREFIXES)
        for method in operations
    ]


def _param(label: str, mode: GenerationMode):
    return pytest.param(label, mode, id=f"{label}-{mode.value}")


@pytest.fixture
def callers(people) -> dict[str, dict]:
    """The headers of each caller: anonymous, and a fresh token for each role."""
    made = {"anonymous": {}}
    for role in ROLES:
        token = token_create(user=people[role], name="schemathesis")
        made[role] = {"Authorization": f"Bearer {token}"}
    return made


@pytest.fixture
def connections_kept_open():
    """As Django's test client does: requests served in-process must not close the test's
    database connection (that would end its transaction on PostgreSQL)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def schema(db, connections_kept_open):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def test_it_covers_every_operation_of_every_router():
    labels = _labels()
    for prefix in PREFIXES:
        assert any(label.split()[1].startswith(prefix) for label in labels), prefix
    assert TIMED_OPERATION in labels


@pytest.mark.parametrize(
    ("label", "mode"),
    [_param(label, mode) for label in _labels() for mode in GenerationMode],
)
def test_it_keeps_every_promise_of_the_schema(schema, label, mode, callers):
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    load_all_checks()
    checks = [CHECKS.get_one(name) for name in CHECKS.get_all_names()]
    without_auth_probes = [check for check in checks if check.__name__ != "ignored_auth"]
    assert len(without_auth_probes) == len(checks) - 1
    examples = 0

    strategy = operation.as_strategy(generation_mode=mode)
    if label == TIMED_OPERATION and mode == GenerationMode.POSITIVE:
        strategy = strategy.map(_with_future_times)

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case):
        nonlocal examples
        examples += 1
        run = checks if examples <= AUTH_PROBED_EXAMPLES else without_auth_probes
        for headers in callers.values():
            case.call_and_validate(headers=headers, checks=run)

    call()


def test_the_docs_page_states_its_language(client):
    page = client.get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200 and '<html lang="da">' in html
    assert "swagger-ui-bundle.js" in html and 'id="swagger-ui"' in html
