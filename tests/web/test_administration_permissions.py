"""Issue 21: the administration is for administrators. Every permission for every role (the
a4-meinberlin matrix), and every administration URL: 200 for the administrator, 403 for every
other role, the sign-in page for anonymous visitors. Django's admin site is for superusers."""

from __future__ import annotations

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.urls import URLPattern, reverse

from brobygger.accounts.models import Invitation
from brobygger.directory.models import Organization
from brobygger.referrals.models import Arena
from brobygger.web.administration import urls
from brobygger.web.administration.rules import PERMISSIONS
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db
OTHERS = [role for role in ROLES if role != "administrator"]


def test_it_grants_every_administration_permission_to_administrators_only(everyone):
    for role in ROLES:
        user = everyone[role] or AnonymousUser()
        for permission in PERMISSIONS:
            assert rules.has_perm(permission, user) is (role == "administrator"), (role, permission)


@pytest.fixture
def things(everyone):
    arena = Arena.objects.get(name="Jobcenter Aarhus")
    organisation = Organization.objects.get(name="Ventilen")
    invitation = Invitation.objects.create(
        email="ny@example.org", organisation=organisation, digest="x" * 64
    )
    return {
        "pk": everyone["citizen"].pk,
        "arena": arena.pk,
        "organisation": organisation.pk,
        "invitation": invitation.pk,
        "user_pk": everyone["staff"].pk,
    }


def _pages(things):
    """(url name, kwargs) of every page that answers GET."""
    return [
        ("administration:index", {}),
        ("administration:history", {}),
        ("administration:users", {}),
        ("administration:user_add", {}),
        ("administration:user", {"pk": things["pk"]}),
        ("administration:arenas", {}),
        ("administration:arena", {"pk": things["arena"]}),
        ("administration:organisations", {}),
        ("administration:organisation", {"pk": things["organisation"]}),
    ]


def _actions(things):
    """(url name, kwargs) of every POST-only action."""
    user, arena, organisation = things["pk"], things["arena"], things["organisation"]
    return [
        ("administration:user_deactivate", {"pk": user}),
        ("administration:user_reactivate", {"pk": user}),
        ("administration:user_second_factor_reset", {"pk": user}),
        ("administration:user_link", {"pk": user}),
        ("administration:arena_staff_add", {"pk": arena}),
        ("administration:arena_staff_remove", {"pk": arena, "user_pk": things["user_pk"]}),
        ("administration:organisation_editor_add", {"pk": organisation}),
        ("administration:organisation_editor_remove", {"pk": organisation, "user_pk": user}),
        ("administration:organisation_invite", {"pk": organisation}),
        ("administration:invitation_resend", {"pk": things["invitation"]}),
        ("administration:invitation_revoke", {"pk": things["invitation"]}),
    ]


def test_the_matrix_covers_every_administration_url(things):
    names = {f"administration:{p.name}" for p in urls.urlpatterns if isinstance(p, URLPattern)}
    covered = {name for name, _kwargs in _pages(things) + _actions(things)}
    assert covered == names


def test_the_administrator_may_open_every_page(client, everyone, things):
    client.force_login(everyone["administrator"])  # passes the second factor, too
    for name, kwargs in _pages(things):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, (name, response.status_code)


@pytest.mark.parametrize("role", OTHERS)
def test_every_other_role_is_refused_every_page_and_action(client, everyone, things, role):
    if everyone[role] is not None:
        client.force_login(everyone[role])
    answers = [(name, client.get(reverse(name, kwargs=kw))) for name, kw in _pages(things)]
    answers += [
        (name, client.post(reverse(name, kwargs=kw), {"staff-username": "citizen"}))
        for name, kw in _actions(things)
    ]
    for name, response in answers:
        if role == "anonymous":
            assert response.status_code == 302, (name, response.status_code)
            assert response["Location"].startswith("/konto/log-ind/"), name
        else:
            assert response.status_code == 403, (name, response.status_code)
    assert everyone["citizen"].is_active  # and nothing was done
    assert Invitation.objects.get(pk=things["invitation"]).revoked_at is None


def test_the_actions_answer_get_with_405_for_the_administrator_too(client, everyone, things):
    client.force_login(everyone["administrator"])
    for name, kwargs in _actions(things):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 405, name


def test_django_admin_is_for_superusers_only(client, everyone, django_user_model):
    administrator = everyone["administrator"]
    administrator.is_staff = True  # even with the flag Django's admin asks for
    administrator.save()
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 302  # to the admin's own sign-in page
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "pw-root")
    client.force_login(superuser)
    assert client.get("/admin/").status_code == 200
