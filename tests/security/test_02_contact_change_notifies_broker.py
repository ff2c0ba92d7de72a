"""Finding 2 (directory side): changing who receives an initiative's referrals is kept in the
history and the community brokers are told, with no personal data of any citizen."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.core import mail

from brobygger.accounts.roles import GROUP_BROKER
from brobygger.directory import services
from brobygger.directory.models import Organization, OrganizationMembership

EDIT_FORM = {
    "name": "Ventilen",
    "status": "published",
    "schedule-TOTAL_FORMS": "0",
    "schedule-INITIAL_FORMS": "0",
}


def _colleague(django_user_model, username="karin"):
    user = django_user_model.objects.create_user(
        username=username, password="pw", email=f"{username}@example.org"
    )
    OrganizationMembership.objects.create(
        user=user, organization=Organization.objects.get(name="Ventilen")
    )
    return user


def test_it_records_and_tells_the_brokers_when_the_edit_page_changes_the_contact(
    client, people, ventilen, django_user_model, django_capture_on_commit_callbacks
):
    second_broker = django_user_model.objects.create_user(
        username="broker2", password="pw", email="broker2@example.org"
    )
    second_broker.groups.add(Group.objects.get(name=GROUP_BROKER))
    colleague = _colleague(django_user_model)
    client.force_login(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):  # sent once the change is committed
        response = client.post(
            f"/tilbud/{ventilen.pk}/rediger/", dict(EDIT_FORM, referral_contact=colleague.pk)
        )
    assert response.status_code == 302
    revision = ventilen.revisions.first()
    assert revision.user == people["editor"]
    assert revision.changes["referral_contact"] == [None, "karin"]
    notices = [m for m in mail.outbox if "Ventilen" in m.subject]
    assert len(notices) == 1, [m.subject for m in mail.outbox]
    notice = notices[0]
    assert sorted(notice.to) == ["broker2@example.org", "broker@example.org"]
    assert "editor" in notice.body and "karin" in notice.body and "Ventilen" in notice.body


def test_it_names_the_old_and_new_contact_and_nothing_about_citizens(
    people, ventilen, django_user_model, django_capture_on_commit_callbacks
):
    first, second = _colleague(django_user_model, "karin"), _colleague(django_user_model, "ole")
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_update(
            initiative=ventilen, user=people["editor"], fields={"referral_contact": first}
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_update(
            initiative=ventilen, user=people["administrator"], fields={"referral_contact": second}
        )
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "karin" in body and "ole" in body and "administrator" in body
    assert body.index("karin") < body.index("ole")
    assert mail.outbox[0].to == ["broker@example.org"]


def test_it_tells_nobody_when_the_contact_stays_the_same(
    people, ventilen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.initiative_update(
            initiative=ventilen, user=people["editor"], fields={"description": "Vi spiser."}
        )
    assert mail.outbox == [] and callbacks == []


def test_it_tells_nobody_when_the_change_is_rolled_back(people, ventilen, django_user_model):
    """The notice waits for the commit: a change that fails after it sends nothing."""
    services.initiative_update(
        initiative=ventilen,
        user=people["editor"],
        fields={"referral_contact": _colleague(django_user_model)},
    )
    assert mail.outbox == []  # the test's transaction is never committed
