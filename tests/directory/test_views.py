"""The directory's pages: who gets what, and what a change leaves behind."""

from django.core import mail

from brobygger.directory import services
from brobygger.directory.models import Initiative, InitiativeRevision, Suggestion

EDIT_FORM = {
    "name": "Ventilen",
    "description": "Vi mødes og spiser sammen hver tirsdag.",
    "first_visit": "En frivillig tager imod dig ved døren.",
    "may_bring_companion": "true",
    "status": "published",
    "initiative_type": "meeting_place",
    "target_groups": ["young_16_29"],
    "minimum_age": "16",
    "maximum_age": "29",
    "phone": "70 21 00 00",
    "postal_code": "8000",
    "city": "Aarhus C",
    "schedule-TOTAL_FORMS": "2",
    "schedule-INITIAL_FORMS": "0",
    "schedule-0-byday": "TU",
    "schedule-0-opens_at": "17:00",
    "schedule-0-closes_at": "20:00",
    "schedule-0-interval": "1",
}


def login(client, user):
    client.force_login(user)
    return client


def test_it_serves_the_search_page_in_danish(client, seeded):
    response = client.get("/tilbud/")
    assert response.status_code == 200
    assert response["Content-Language"] == "da"
    assert "Find et fællesskab" in response.content.decode()
    assert "40 tilbud" in response.content.decode()


def test_it_stays_danish_for_an_english_browser_until_english_is_chosen(client, seeded):
    response = client.get("/tilbud/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "da"
    client.post("/i18n/setlang/", {"language": "en", "next": "/tilbud/"})
    response = client.get("/tilbud/")
    assert response["Content-Language"] == "en"
    assert "Find a community" in response.content.decode()


def test_it_says_when_the_organisation_has_not_described_it(client, ventilen):
    page = client.get(f"/tilbud/{ventilen.pk}/").content.decode()
    assert "Endnu ikke beskrevet af organisationen" in page


def test_it_never_calls_the_reader_lonely_on_public_pages(client, ventilen):
    proper_names = [n.lower() for n in Initiative.objects.values_list("name", flat=True)]
    for url, template in (
        ("/", "web/home.html"),
        ("/tilbud/", "directory/search.html"),
        (f"/tilbud/{ventilen.pk}/", "directory/detail.html"),
        ("/oversigt/", "directory/overview.html"),
        ("/foreslaa/", "directory/suggest.html"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url  # the page itself, not an error page
        assert template in [t.name for t in response.templates], url
        page = response.content.decode().lower()
        for name in proper_names:  # an initiative's own name ("Projekt Ensom Okay") is theirs
            page = page.replace(name, "")
        assert "ensom" not in page, url


def test_it_hides_drafts_from_the_public(client, ventilen):
    Initiative.objects.filter(pk=ventilen.pk).update(status=Initiative.Status.DRAFT)
    assert client.get(f"/tilbud/{ventilen.pk}/").status_code == 302  # to log in


def test_it_lets_an_editor_update_their_own_initiative(client, people, ventilen):
    login(client, people["editor"])
    response = client.post(f"/tilbud/{ventilen.pk}/rediger/", EDIT_FORM)
    assert response.status_code == 302
    ventilen.refresh_from_db()
    assert ventilen.description == EDIT_FORM["description"]
    assert ventilen.may_bring_companion is True
    assert ventilen.last_reviewed is not None
    revision = InitiativeRevision.objects.filter(initiative=ventilen, action="updated").get()
    assert revision.user == people["editor"]
    assert revision.changes["description"] == ["", EDIT_FORM["description"]]
    assert revision.changes["phone"] == ["", "70 21 00 00"]
    assert revision.changes["schedule"][1] == "TU 17:00:00-20:00:00"
    history = client.get(f"/tilbud/{ventilen.pk}/historik/").content.decode()
    assert "editor" in history and "Vi mødes og spiser sammen" in history


def test_it_refuses_an_editor_another_organisations_initiative(client, people, aeldre_sagen_visits):
    login(client, people["editor"])
    url = f"/tilbud/{aeldre_sagen_visits.pk}/rediger/"
    assert client.get(url).status_code == 403
    assert client.post(url, EDIT_FORM).status_code == 403
    aeldre_sagen_visits.refresh_from_db()
    assert aeldre_sagen_visits.description == ""


def test_it_sends_anonymous_editors_to_log_in(client, ventilen):
    response = client.get(f"/tilbud/{ventilen.pk}/rediger/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")


def test_it_reports_form_errors_without_saving(client, people, ventilen):
    login(client, people["editor"])
    bad = dict(EDIT_FORM, minimum_age="50", maximum_age="20")
    response = client.post(f"/tilbud/{ventilen.pk}/rediger/", bad)
    assert response.status_code == 200
    assert "Maksimumsalderen må ikke være lavere end minimumsalderen" in response.content.decode()
    ventilen.refresh_from_db()
    assert ventilen.description == ""


def test_it_takes_a_public_suggestion_to_the_moderation_queue(client, people, seeded):
    response = client.post(
        "/foreslaa/",
        {"name": "Strikkecafé i Gellerup", "description": "Vi strikker og drikker kaffe."},
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get(name="Strikkecafé i Gellerup")
    assert client.get("/administration/forslag/").status_code == 302  # anonymous: log in
    login(client, people["editor"])
    assert client.get("/administration/forslag/").status_code == 403
    login(client, people["administrator"])
    assert "Strikkecafé i Gellerup" in client.get("/administration/forslag/").content.decode()
    client.post("/administration/forslag/", {"suggestion": suggestion.pk, "decision": "accept"})
    suggestion.refresh_from_db()
    assert suggestion.state == Suggestion.State.ACCEPTED
    assert suggestion.initiative.status == Initiative.Status.DRAFT
    results = client.get("/tilbud/?q=strikkecafé").context["page"]
    assert results.paginator.count == 0  # a draft until the organisation completes it


def test_it_lists_stale_initiatives_for_the_administrator(client, people, ventilen):
    services.initiative_confirm_current(initiative=ventilen, user=people["editor"])
    login(client, people["administrator"])
    page = client.get("/administration/til-gennemsyn/").content.decode()
    assert "Ældre Sagens Besøgstjeneste" in page
    assert "Ventilen" not in page
    assert "39 tilbud" in page


def test_it_shows_the_overview_from_live_data(client, seeded):
    page = client.get("/oversigt/").content.decode()
    assert 'data-group="adults_30_64">10<' in page
    assert 'data-group="young_16_29">15<' in page


def test_it_serves_the_accessibility_statement_from_every_footer(client, seeded):
    home = client.get("/").content.decode()
    assert 'href="/tilgaengelighed/"' in home
    assert "Tilgængelighedserklæring" in client.get("/tilgaengelighed/").content.decode()


def test_it_emails_each_stale_initiatives_editors_once(people, ventilen):
    import datetime as dt

    Initiative.objects.filter(pk=ventilen.pk).update(
        last_reviewed=dt.date.today() - dt.timedelta(days=400)
    )
    assert services.stale_reminders_send() == 6  # Ventilen + Ældre Sagen's five
    about_ventilen = [m for m in mail.outbox if "Ventilen" in m.subject]
    assert len(about_ventilen) == 1
    assert about_ventilen[0].to == ["editor@example.org"]
    assert services.stale_reminders_send() == 0  # not again until reviewed and stale again


def test_it_does_not_remind_about_recently_reviewed_initiatives(people, ventilen):
    services.initiative_confirm_current(initiative=ventilen, user=people["editor"])
    services.stale_reminders_send()
    assert not [m for m in mail.outbox if "Ventilen" in m.subject]


def test_it_reminds_the_editor_of_another_organisation_only_of_theirs(people, seeded):
    sent = services.stale_reminders_send()
    assert sent == 6  # Ventilen (editor) + Ældre Sagen's five (other editor)
    recipients = {tuple(m.to) for m in mail.outbox}
    assert recipients == {("editor@example.org",), ("other_editor@example.org",)}


def test_an_editor_names_the_contact_person_for_referrals(
    client, people, ventilen, django_user_model
):
    colleague = django_user_model.objects.create_user(username="karin", first_name="Karin")
    ventilen.organization.memberships.create(user=colleague)
    login(client, people["editor"])
    page = client.get(f"/tilbud/{ventilen.pk}/rediger/").content.decode()
    assert "Karin" in page and "other_editor" not in page  # only the organisation's own people
    client.post(f"/tilbud/{ventilen.pk}/rediger/", dict(EDIT_FORM, referral_contact=colleague.pk))
    ventilen.refresh_from_db()
    assert ventilen.referral_contact == colleague
    revision = InitiativeRevision.objects.filter(initiative=ventilen, action="updated").get()
    assert revision.changes["referral_contact"] == [None, "karin"]
    outsider = people["other_editor"].pk
    response = client.post(
        f"/tilbud/{ventilen.pk}/rediger/", dict(EDIT_FORM, referral_contact=outsider)
    )
    assert response.status_code == 200  # not a choice
    ventilen.refresh_from_db()
    assert ventilen.referral_contact == colleague
