"""OpenID Connect end to end: Chromium through oidc-provider-mock's own sign-in page.

Each test sets the person's claims at the provider, clicks "Log ind med Aarhus Kommune" on our
sign-in page, types the subject at the provider and comes back signed in (or refused)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from brobygger.accounts.models import AdminChange
from brobygger.accounts.sso.models import SsoIdentity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_at_provider(page, subject: str) -> None:
    page.goto("/konto/log-ind/")
    page.get_by_role("link", name="Log ind med Aarhus Kommune").click()
    page.wait_for_url("**/oauth2/authorize**")
    page.get_by_placeholder("sub").fill(subject)
    with page.expect_navigation(url=lambda url: "/oauth2/" not in url):
        page.get_by_role("button", name="Authorize").click()


def test_it_signs_a_broker_in_on_i_dag_with_the_cases(page, oidc_settings, oidc_provider, a_case):
    oidc_provider.user_set(
        "anne-formidler", email="anne@aarhus.dk", roles=["Brobygger Formidler"], amr=["pwd", "mfa"]
    )
    sign_in_at_provider(page, "anne-formidler")
    page.wait_for_url("**/formidler/i-dag/**")
    assert page.locator("#due").get_by_role("link", name=a_case.pseudonym).is_visible()
    user = SsoIdentity.objects.get(subject="anne-formidler").user
    assert user.email == "anne@aarhus.dk"
    assert list(user.groups.values_list("name", flat=True)) == ["broker"]
    entry = AdminChange.objects.filter(subject_id=str(user.pk), action="user.sso_add").get()
    assert entry.detail["subject"] == "anne-formidler" and entry.detail["roles"] == ["broker"]
    assert "amr=pwd,mfa" in entry.detail["summary"] and entry.by_name.startswith("SSO: ")


def test_it_takes_away_a_role_removed_at_the_provider(page, oidc_settings, oidc_provider, people):
    oidc_provider.user_set("bo", roles=["Brobygger Formidler", "Brobygger Jobcenter"], amr=["mfa"])
    sign_in_at_provider(page, "bo")
    page.wait_for_url("**/formidler/i-dag/**")
    user = SsoIdentity.objects.get(subject="bo").user
    assert user.groups.filter(name="broker").exists()
    assert user.arena_memberships.filter(arena__name="Jobcenter Aarhus").exists()
    page.context.clear_cookies()

    oidc_provider.user_set("bo", roles=["Brobygger Jobcenter"], amr=["mfa"])
    sign_in_at_provider(page, "bo")
    page.wait_for_url("**/samtaleguide/**")  # frontline staff land on the conversation guide
    assert not user.groups.filter(name="broker").exists()
    assert user.arena_memberships.filter(arena__name="Jobcenter Aarhus").exists()
    assert page.goto("/formidler/i-dag/").status == 403


def test_it_refuses_a_person_with_no_mapped_role(page, oidc_settings, oidc_provider, people):
    oidc_provider.user_set("carl", roles=["Some Other System"], amr=["mfa"])
    sign_in_at_provider(page, "carl")
    assert page.locator("#sso-refused").get_attribute("data-reason") == "no_role"
    assert page.get_by_text("har ikke givet dig adgang til Brobygger").is_visible()
    assert not get_user_model().objects.filter(sso_identities__subject="carl").exists()
    assert page.goto("/formidler/i-dag/").url.endswith("/konto/log-ind/?next=/formidler/i-dag/")


def test_it_asks_for_our_code_after_a_sign_in_without_mfa(
    page, oidc_settings, oidc_provider, people
):
    oidc_provider.user_set("dorte", roles=["Brobygger Formidler"], amr=["pwd"])
    sign_in_at_provider(page, "dorte")
    page.wait_for_url("**/konto/to-trin/**")  # our TOTP set-up
    assert SsoIdentity.objects.filter(subject="dorte").exists()


def test_it_refuses_a_sign_in_without_mfa_when_mfa_is_required(
    page, oidc_settings, oidc_provider, people
):
    oidc_settings.SSO_REQUIRE_MFA = True
    oidc_provider.user_set("erik", roles=["Brobygger Formidler"], amr=["pwd"])
    sign_in_at_provider(page, "erik")
    assert page.locator("#sso-refused").get_attribute("data-reason") == "weak"
    assert page.goto("/formidler/i-dag/").url.endswith("/konto/log-ind/?next=/formidler/i-dag/")


def test_it_keeps_out_a_user_an_administrator_deactivated(
    page, oidc_settings, oidc_provider, people
):
    oidc_provider.user_set("frida", roles=["Brobygger Formidler"], amr=["mfa"])
    sign_in_at_provider(page, "frida")
    page.wait_for_url("**/formidler/i-dag/**")
    user = SsoIdentity.objects.get(subject="frida").user
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    page.context.clear_cookies()

    sign_in_at_provider(page, "frida")
    assert page.locator("#sso-refused").get_attribute("data-reason") == "deactivated"
    user.refresh_from_db()
    assert not user.is_active
