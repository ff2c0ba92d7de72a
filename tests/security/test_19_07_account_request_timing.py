"""Issue 19, finding 7: the time ``POST /aktiviteter/konto/`` takes must not tell whether an
address has an account. Measured by the work done, not by a clock: whatever the address, the
request hashes no password and only queues one and the same background task, which then does
the lookup, the account and the e-mail."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.core.cache import cache

pytestmark = pytest.mark.django_db
User = get_user_model()


class CountingHasher(MD5PasswordHasher):
    """MD5 (fast), counting every password it hashes."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def _counting(settings):
    cache.clear()
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.hashed = 0
    yield
    cache.clear()


@pytest.fixture
def known(db):
    return User.objects.create_user("kendt", "kendt@example.org", "kendt-kodeord-2026")


def _post(client, email):
    return client.post(
        "/aktiviteter/konto/",
        {"name": "Ane Vært", "email": email, "password": "en-lang-adgangskode-42"},
    )


def _work_of_one_request(client, email, settings):
    """What one request did: its answer, the passwords it hashed, what it queued (the dummy
    backend keeps tasks without running them), the users and e-mails it made."""
    from django_tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    backend = task_backends["default"]
    backend.clear()
    before, users_before = CountingHasher.hashed, User.objects.count()
    response = _post(client, email)
    return {
        "status": response.status_code,
        "hashed": CountingHasher.hashed - before,
        "queued": [(r.task.module_path, r.args, sorted(r.kwargs)) for r in backend.results],
        "users_made": User.objects.count() - users_before,
        "mails": len(mail.outbox),
    }


def test_it_does_the_same_work_for_a_known_and_a_new_address(client, known, settings):
    for_known = _work_of_one_request(client, "kendt@example.org", settings)
    client.cookies.clear()
    for_new = _work_of_one_request(client, "ny@example.org", settings)
    assert for_known == for_new
    assert for_known["hashed"] == 0 and for_known["users_made"] == for_known["mails"] == 0
    assert for_known["queued"] == [
        ("brobygger.activities.registration.account_request_task", [],
         ["base_url", "email", "language", "name"])
    ]  # fmt: skip


def test_the_queued_task_does_the_work_for_each_address(client, known):
    # the test settings run tasks at once: each address gets its mail
    assert _post(client, "kendt@example.org").status_code == 200
    assert _post(client, "ny@example.org").status_code == 200
    assert [m.to for m in mail.outbox] == [["kendt@example.org"], ["ny@example.org"]]
    assert "#kode=" not in mail.outbox[0].body and "#kode=" in mail.outbox[1].body
    assert not User.objects.get(email="ny@example.org").is_active
