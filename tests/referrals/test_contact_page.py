"""The citizen's contact page (issue 12): it speaks to the reader, asks no labels, and takes
an optional free text; the withdrawal link after it does not overflow a phone's width."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from brobygger.directory.models import TaxonomyTerm
from brobygger.referrals import services
from brobygger.referrals.forms import SelfReferralForm
from brobygger.referrals.models import Case
from tests.referrals.codes import withdrawal_codes_of
from tests.referrals.conftest import citizen

pytestmark = pytest.mark.django_db


def test_it_asks_no_labels_only_how_to_reach_you_and_an_optional_free_text(seeded, client):
    form = SelfReferralForm()
    assert set(form.fields) == {
        "client_reference", "name", "phone", "email", "reach_when", "language", "message",
        "consent",
    }  # fmt: skip
    assert form.fields["message"].required is False
    page = client.get("/faellesskab/kontakt/").content.decode()
    for term in TaxonomyTerm.objects.filter(taxonomy__code="special_group"):
        assert term.name_da not in page and f'value="{term.pk}"' not in page
    assert 'name="age_band"' not in page and 'name="special_group"' not in page


def test_it_speaks_to_the_reader(seeded):
    with translation.override("en"):
        labels = [str(f.label) for f in SelfReferralForm().fields.values() if f.label]
    assert "Is there anything we should know?" in labels
    for label in labels:
        assert "citizen" not in label.lower() and " they " not in f" {label.lower()} "
    assert any(label.startswith("Your") for label in labels)


def test_it_keeps_what_the_citizen_writes_and_nothing_they_did_not(seeded, client):
    body = {"name": "Lis", "phone": "12345678", "language": "da", "consent": "on",
            "message": "Jeg er ny i byen", "special_group": "1", "age_band": "75+"}  # fmt: skip
    assert client.post("/faellesskab/kontakt/", body).status_code == 200
    stored = Case.objects.get(citizen__name="Lis").citizen
    assert stored.message == "Jeg er ny i byen"
    assert stored.special_group is None and stored.age_band == ""


def test_old_cases_with_a_special_group_stay_readable(people2, client):
    """The field left the citizen's form, not the model: older cases (and the staff form) keep
    it, and the broker sees it."""
    group = TaxonomyTerm.objects.get(taxonomy__code="special_group", code="bereaved")
    arena = people2["staff"].arena_memberships.get().arena
    case, _ = services.referral_submit(
        user=people2["staff"], arena=arena, consent=services.ConsentGiven(),
        citizen_fields=citizen("Bo", special_group=group),
    )  # fmt: skip
    client.force_login(people2["broker"])
    page = client.get(f"/formidler/sag/{case.pk}/").content.decode()
    assert group.name_da in page or group.name_en in page


def test_the_thank_you_page_gives_a_button_and_a_code_not_a_long_address(seeded, client):
    body = {"name": "Lis", "phone": "12345678", "language": "da", "consent": "on"}
    html = client.post("/faellesskab/kontakt/", body).content.decode()
    case = Case.objects.get(citizen__name="Lis")
    assert "http://" not in html.split('id="withdrawal-link"')[1].split("</a>")[0].split(">", 1)[1]
    code = re.search(r'class="withdraw-code">([^<]+)<', html).group(1)
    assert withdrawal_codes_of(case, html) == {code}  # the link and the code are one code
    assert "referrals/referrals.css" in html


def test_the_app_stylesheet_wraps_long_codes_anywhere():
    from django.contrib.staticfiles import finders

    with open(finders.find("referrals/referrals.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    rule = css.split(".withdraw-code")[1].split("}")[0]
    assert "overflow-wrap: anywhere" in rule
    assert "overflow-wrap: anywhere" in css.split(".break-anywhere")[1].split("}")[0]
