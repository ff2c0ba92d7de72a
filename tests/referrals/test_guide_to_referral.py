"""The conversation guide's three answers go with staff to the referral form ("Henvis"), posted
rather than in the address, and the form still asks for the citizen's consent to keep them."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _selected(page: str, name: str) -> str | None:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S)
    assert select is not None, name
    chosen = re.search(r'<option value="(\d*)" selected>', select.group(0))
    return chosen.group(1) if chosen else None


def test_it_carries_the_guides_answers_to_the_referral_form(client, people):
    client.force_login(people["staff"])
    guide = client.post("/samtaleguide/", {"item1": "3", "item2": "3", "item3": "2"})
    assert guide.status_code == 200
    page = guide.content.decode()
    assert "8" in page and 'name="from_guide"' in page
    carried = {"from_guide": "1", "item1": "3", "item2": "3", "item3": "2"}
    assert all(f'name="{k}" value="{v}"' in page for k, v in carried.items())
    form = client.post("/henvis/", carried)
    assert form.status_code == 200
    page = form.content.decode()
    assert [_selected(page, f"item{i}") for i in (1, 2, 3)] == ["3", "3", "2"]
    assert 'name="outcome_consent"' in page  # consent to keep them is still asked
    assert "errorlist" not in page  # shown fresh, not as a failed submission


def test_a_referral_from_the_guide_without_answers_starts_empty(client, people):
    client.force_login(people["staff"])
    form = client.post("/henvis/", {"from_guide": "1", "item1": "9"})
    assert form.status_code == 200
    page = form.content.decode()
    assert [_selected(page, f"item{i}") for i in (1, 2, 3)] == ["", "", ""]  # "Not asked"
