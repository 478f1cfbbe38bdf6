"""Each new intake item (issue 13) on the self-check form and in the answer a person reads."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape
from web_builders import intake_post

pytestmark = pytest.mark.django_db

# (form fields, a phrase of the reason the answer must show)
ITEMS: dict[str, tuple[dict[str, Any], str]] = {
    "active_implant": ({"conditions-0-id": "active_implant"}, "only for radio-frequency devices"),
    "metal_implant_in_area": ({"conditions-0-id": "metal_implant_in_area"}, "no source gives a rule about metal"),
    "gold_threads_in_area": ({"conditions-0-id": "gold_threads_in_area"}, "threads can break into pieces"),
    "autoimmune_disease": ({"conditions-0-id": "autoimmune_disease"}, "the Koebner reaction"),
    "smoking": ({"conditions-0-id": "smoking"}, "Smoking slows wound healing"),
    "other_condition": ({"conditions-0-id": "other_condition", "conditions-0-note": "thyroid disease"},
                        "You described a condition in your own words"),
    "photosensitising_drug": ({"medications-0-id": "photosensitising_drug"}, "sensitive to sunlight"),
    "other_medication": ({"medications-0-id": "other_medication", "medications-0-note": "levothyroxine 50"},
                         "You described a medicine or supplement"),
    "radiotherapy_to_area": ({"procedures-0-id": "radiotherapy_to_area"}, "Irradiated skin heals poorly"),
    "chemical_peel_superficial": ({"procedures-0-id": "chemical_peel_superficial"}, "all flaking has stopped"),
    "chemical_peel_medium": ({"procedures-0-id": "chemical_peel_medium"}, "takes 7 to 10 days to heal"),
    "chemical_peel_deep": ({"procedures-0-id": "chemical_peel_deep"}, "deep peels can scar"),
    "laser_nonablative": ({"procedures-0-id": "laser_nonablative"}, "non-ablative laser or IPL"),
    "laser_fractional_ablative": ({"procedures-0-id": "laser_fractional_ablative"}, "fractional ablative laser"),
    "laser_ablative_full": ({"procedures-0-id": "laser_ablative_full"}, "fully ablative laser resurfacing"),
    "latex": ({"allergies": ["latex"]}, "nitrile gloves"),
    "chlorhexidine": ({"allergies": ["chlorhexidine"]}, "hidden chlorhexidine"),
    "numbing_cream_other": ({"allergies": ["numbing_cream_other"]}, "use no numbing cream at home"),
}


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_each_new_intake_item_is_asked_on_the_self_check_and_explained_in_the_answer(client: Client,
                                                                                     item: str) -> None:
    fields, phrase = ITEMS[item]
    form = client.get("/check/").content.decode()
    assert f'value="{item}"' in form
    response = client.post("/check/", intake_post(**fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    answer = client.get("/check/answer/").content.decode()
    assert escape(phrase) in answer


def test_the_note_of_another_condition_is_kept_in_the_intake(client: Client) -> None:
    client.post("/check/", intake_post(**ITEMS["other_condition"][0]))
    assert client.session["selfcheck_intake"]["conditions"] == [{"id": "other_condition", "note": "thyroid disease"}]


def test_a_note_too_long_is_shown_next_to_its_field(client: Client) -> None:
    response = client.post("/check/", intake_post(**{"conditions-0-id": "other_condition",
                                                     "conditions-0-note": "x" * 501}))
    assert response.status_code == 200
    assert "selfcheck_intake" not in client.session


def test_the_answer_shows_each_reasons_evidence_grade_and_what_it_rests_on(client: Client) -> None:
    client.post("/check/", intake_post(**{"conditions-0-id": "smoking", "conditions-1-id": "active_implant",
                                          "conditions-TOTAL_FORMS": "2"}))
    answer = client.get("/check/answer/").content.decode()
    assert "Evidence grade A:" in answer
    assert "Evidence grade D:" in answer and escape("only makers' , clinics'".replace(" ,", ",")) in answer


def test_the_answer_shows_the_own_words_beside_the_reason(client: Client) -> None:
    client.post("/check/", intake_post(**ITEMS["other_medication"][0]))
    assert "levothyroxine 50" in client.get("/check/answer/").content.decode()
