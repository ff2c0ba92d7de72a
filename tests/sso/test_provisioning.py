"""Just-in-time accounts: what one single sign-on does to our users and their history."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import ADDITION, CHANGE

from brobygger.accounts.models import AdminChange
from brobygger.accounts.sso.mapping import mapping_parse
from brobygger.accounts.sso.models import SsoIdentity
from brobygger.accounts.sso.provisioning import SsoClaims, SsoRefused, sso_sign_in
from tests.sso.conftest import MAPPING

pytestmark = pytest.mark.django_db
ROLES = mapping_parse(MAPPING, source="test")


def claims(*idp_roles, strong=True, subject="s-1", **extra) -> SsoClaims:
    fields = {"email": "anne@aarhus.dk", "username_hint": "anne", **extra}
    return SsoClaims(
        protocol="oidc", issuer="https://idp.example", subject=subject, idp_roles=idp_roles,
        level="amr=mfa" if strong else "amr=pwd", strong=strong, **fields,
    )  # fmt: skip


def sign_in(*idp_roles, require_mfa=False, **kwargs):
    return sso_sign_in(claims=claims(*idp_roles, **kwargs), mapping=ROLES, require_mfa=require_mfa)


def history(user) -> list[tuple[int, str]]:
    """The user's single sign-ons in the administration's history: (added or changed, what)."""
    entries = AdminChange.objects.filter(subject_kind="user", subject_id=str(user.pk))
    return [
        (ADDITION if entry.action == "user.sso_add" else CHANGE, entry.detail["summary"])
        for entry in entries.filter(action__startswith="user.sso").order_by("pk")
    ]


def test_the_first_sign_in_creates_the_user_and_the_next_one_finds_it(people):
    first = sign_in("Brobygger Formidler", "Brobygger Ventilen")
    assert first.created and first.user.username == "anne" and not first.user.has_usable_password()
    assert list(first.user.groups.values_list("name", flat=True)) == ["broker"]
    assert first.user.organisation_memberships.get().organization.name == "Ventilen"
    again = sign_in("Brobygger Formidler", "Brobygger Ventilen")
    assert (again.created, again.user.pk, again.added, again.removed) == (
        False,
        first.user.pk,
        [],
        [],
    )
    [(flag1, text1), (flag2, _text2)] = history(first.user)
    assert (flag1, flag2) == (ADDITION, CHANGE)
    assert text1 == (
        "Single sign-on (oidc) signed in: identity provider https://idp.example; subject s-1; "
        "level amr=mfa; roles broker, editor (Ventilen)"
    )


def test_every_sign_in_re_applies_the_mapping(people):
    user = sign_in("Brobygger Formidler", "Brobygger Ventilen", "Brobygger Jobcenter").user
    result = sign_in("Brobygger Analytiker")
    assert sorted(result.removed) == ["broker", "editor (Ventilen)", "staff (Jobcenter Aarhus)"]
    assert result.added == ["analyst"]
    assert list(user.groups.values_list("name", flat=True)) == ["analyst"]
    assert not user.organisation_memberships.exists() and not user.arena_memberships.exists()


def test_a_local_account_with_the_same_name_is_not_taken_over(people):
    broker = people["broker"]
    result = sign_in("Brobygger Analytiker", username_hint="broker", email=broker.email)
    assert result.user.pk != broker.pk and result.user.username == "broker-2"
    assert list(broker.groups.values_list("name", flat=True)) == ["broker"]


def test_no_mapped_role_is_refused_and_takes_away_the_old_roles(people):
    user = sign_in("Brobygger Formidler").user
    with pytest.raises(SsoRefused) as refused:
        sign_in("Some Other System")
    assert refused.value.reason == "no_role"
    assert not user.groups.exists()
    assert history(user)[-1][1].startswith("Single sign-on (oidc) refused (no mapped role)")
    with pytest.raises(SsoRefused):
        sign_in("Some Other System", subject="s-new")
    assert not SsoIdentity.objects.filter(subject="s-new").exists()


def test_a_deactivated_user_stays_out_with_the_roles_as_they_were(people):
    user = sign_in("Brobygger Formidler").user
    user.is_active = False
    user.save()
    with pytest.raises(SsoRefused) as refused:
        sign_in("Brobygger Analytiker")
    assert refused.value.reason == "deactivated"
    user.refresh_from_db()
    assert not user.is_active and list(user.groups.values_list("name", flat=True)) == ["broker"]
    assert "refused (deactivated)" in history(user)[-1][1]


def test_a_weak_sign_in_is_refused_only_when_mfa_is_required(people):
    assert sign_in("Brobygger Formidler", strong=False).user.is_active
    with pytest.raises(SsoRefused) as refused:
        sign_in("Brobygger Formidler", strong=False, require_mfa=True, subject="s-2")
    assert refused.value.reason == "weak"
    assert not SsoIdentity.objects.filter(subject="s-2").exists()


def test_a_mapping_to_an_unknown_arena_is_refused(people):
    mapping = mapping_parse("roles:\n  - {idp: X, role: staff, arena: Nowhere}\n", source="test")
    with pytest.raises(SsoRefused) as refused:
        sso_sign_in(claims=claims("X"), mapping=mapping, require_mfa=False)
    assert refused.value.reason == "unknown_target"
    assert not SsoIdentity.objects.exists()
