"""Finding 6: the broker's case list (API and the web queue) shows what a list needs and no
personal data; a citizen's details come only from the single case, which is written to the
access log."""

from __future__ import annotations

import pytest

from brobygger.accounts.tokens import token_create
from brobygger.referrals import services
from brobygger.referrals.models import AccessLogEntry, Arena

pytestmark = pytest.mark.django_db
CASES = "/api/v1/referrals/cases"
PERSONAL = ("Anna Andersen", "20 30 40 50", "anna@example.net", "brætspil", "følgeskab")
LIST_FIELDS = {"id", "reference", "state", "closed_reason", "source", "arena", "created_at",
               "contacted_at", "closed_at", "assigned_to"}  # fmt: skip


@pytest.fixture
def anna(people):
    case, _created = services.referral_submit(
        user=people["staff"],
        arena=Arena.objects.get(name="Jobcenter Aarhus"),
        citizen_fields={
            "name": "Anna Andersen",
            "phone": "+45 20 30 40 50",
            "email": "anna@example.net",
            "language": "da",
            "age_band": "16-29",
            "postcode": "8000",
            "interests": "musik og brætspil",
            "first_step": "vil gerne have følgeskab",
        },  # fmt: skip
        consent=services.ConsentGiven(outcome=True),
    )
    return case


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_create(user=user, name='t')}"}


def test_it_lists_cases_through_the_api_without_personal_data(client, people, anna):
    response = client.get(CASES, **_bearer(people["broker"]))
    assert response.status_code == 200
    [row] = response.json()
    assert set(row) <= LIST_FIELDS
    assert row["reference"] == anna.pseudonym and row["state"] == "new"
    text = response.content.decode()
    assert not [p for p in PERSONAL if p in text]


def test_it_documents_the_minimal_list_in_the_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    ok = schema["paths"][CASES]["get"]["responses"]["200"]["content"]["application/json"]
    name = ok["schema"]["items"]["$ref"].rsplit("/", 1)[-1]
    fields = set(schema["components"]["schemas"][name]["properties"])
    assert fields <= LIST_FIELDS and "reference" in fields


def test_it_logs_the_single_case_which_alone_gives_the_details(client, people, anna):
    headers = _bearer(people["broker"])
    client.get(CASES, **headers)
    assert not AccessLogEntry.objects.exists()  # the list shows no one's details
    response = client.get(f"{CASES}/{anna.pk}", {"reason": "phone call"}, **headers)
    assert response.status_code == 200 and response.json()["name"] == "Anna Andersen"
    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.citizen, entry.reason) == (
        people["broker"],
        anna.citizen,
        "phone call",
    )


@pytest.mark.parametrize("page", ["/formidler/", "/formidler/i-dag/?owner=all"])
def test_it_shows_the_web_queue_without_names(client, people, anna, page, settings):
    settings.REFERRALS_FIRST_CONTACT_DAYS = 0  # Anna's first contact is due today
    client.force_login(people["broker"])
    response = client.get(page)
    html = response.content.decode()
    assert response.status_code == 200
    assert anna.pseudonym in html
    assert not [p for p in PERSONAL if p in html]
    assert not AccessLogEntry.objects.exists()


@pytest.mark.parametrize("state", ["new", "contacted"])
def test_it_answers_a_state_change_without_personal_data(client, people, anna, state):
    """Found in review: posting a state (even the one the case has, which changes nothing)
    answered with the citizen's details and wrote no access-log entry."""
    response = client.post(
        f"{CASES}/{anna.pk}/state",
        {"state": state},
        content_type="application/json",
        **_bearer(people["broker"]),
    )
    assert response.status_code == 200
    assert set(response.json()) <= LIST_FIELDS and response.json()["reference"] == anna.pseudonym
    assert not [p for p in PERSONAL if p in response.content.decode()]
    assert not AccessLogEntry.objects.exists()
