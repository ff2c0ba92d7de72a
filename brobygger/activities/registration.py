"""A citizen makes their own account to host activities, proving the address by a one-time code.

Asking names an address (and a name), never a password. The request only queues
``account_request_task``, whatever the address: the lookup, the account and the e-mail happen
in the background, so neither the answer nor its time tells anyone which addresses have
accounts. A new address gets an inactive account (``accounts.registration``) and a
confirmation link with its code after ``#kode=`` (so it reaches no access log); an address with
an account gets a note instead. The person who posts the code on the confirmation page chooses
the password there, and only then is the account active: a password chosen before the address
is proved never exists.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from brobygger.accounts import registration
from brobygger.core import messaging

RegistrationUnusable = registration.RegistrationUnusable
logger = logging.getLogger(__name__)
# how long the task-result table keeps a finished account request (its name and address)
ACCOUNT_REQUEST_RESULTS_KEPT = timedelta(days=1)


def account_request(*, name: str, email: str, base_url: str) -> None:
    """Make a pending account for ``email`` and mail its confirmation link (or a note to the
    owner when the address has an account already)."""
    requested = registration.self_registration_request(email=email, name=name)
    base = base_url.rstrip("/")
    if requested.code is None:
        template, context = "account_exists", {"url": base + reverse("login")}
    else:
        link = f"{base}{reverse('activities:account_confirm')}#kode={requested.code}"
        template, context = "account_confirm", {"link": link}
    language = translation.get_language() or settings.LANGUAGE_CODE
    message = messaging.render(f"activities/messages/{template}", context, language=language)
    messaging.send_email(message, requested.email, quota=True)


@task()
def account_request_task(*, name: str, email: str, base_url: str, language: str) -> None:
    """``account_request`` in the background, the mail in the language of the request."""
    languages = {code for code, _name in settings.LANGUAGES}
    with translation.override(language if language in languages else settings.LANGUAGE_CODE):
        account_request(name=name, email=email, base_url=base_url)


def account_request_enqueue(*, name: str, email: str, base_url: str, language: str) -> None:
    """Queue the account request: the same one cheap step for every address."""
    account_request_task.enqueue(name=name, email=email, base_url=base_url, language=language)


def account_requests_forget(*, now=None) -> int:
    """Delete the finished results (done or failed) of ``account_request_task`` that finished
    more than ``ACCOUNT_REQUEST_RESULTS_KEPT`` ago: django-tasks-db keeps each task's arguments,
    here a name and an address. Queued and running ones are the worker's. How many."""
    cutoff = (now or timezone.now()) - ACCOUNT_REQUEST_RESULTS_KEPT
    finished = DBTaskResult.objects.finished().filter(
        task_path=account_request_task.module_path, finished_at__lt=cutoff
    )
    return finished.delete()[0]


def unconfirmed_accounts_purge(*, now=None) -> int:
    """For ``brobygger daily``: delete the accounts asked for whose address nobody confirmed in
    time (``accounts.registration.self_registration_purge``) and the finished account requests'
    task results (``account_requests_forget``). How many accounts."""
    deleted = registration.self_registration_purge(now=now)
    forgotten = account_requests_forget(now=now)
    logger.info("activities: %d unconfirmed accounts and %d account requests deleted",
                deleted, forgotten)  # fmt: skip
    return deleted


def account_user(code: str):
    """The pending account of a confirmation code, or None (for the form's password checks)."""
    return registration.self_registration_user(code)


def account_confirm(*, code: str, password: str):
    """Activate the code's account with the password its owner chose now; RegistrationUnusable
    for an unknown, wrong, used or old code."""
    return registration.self_registration_confirm(code=code, password=password)
