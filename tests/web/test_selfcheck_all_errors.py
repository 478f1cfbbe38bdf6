"""The self-check form finds every mistake in one submission, lists them at the top with a link to each field,
refuses answers no one can give, and says it all in the reader's language."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from web_builders import intake_post, today

pytestmark = pytest.mark.django_db

IN_A_MONTH = (today() + timedelta(days=30)).isoformat()
SEVEN_MISTAKES = {
    "start": "",  # the form's own check
    "zones": [],  # and six the services find
    "age": "200",
    "sex": "male", "pregnant": "on",
    "medications-0-id": "isotretinoin", "medications-0-stopped": IN_A_MONTH,
    "device_kind": "dermaroller", "device_needle_mm": "7", "device_first_used": IN_A_MONTH,
}


def summary(response: Any) -> list[tuple[str, str]]:
    """The list at the top of the page: (link target, text) per line."""
    html = response.content.decode()
    block = html[html.index('id="error-summary"'):]
    block = block[:block.index("</div>")]
    return re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', block)


def test_seven_mistakes_are_all_shown_after_one_submission_in_the_order_of_the_page(client: Client) -> None:
    response = client.post("/check/", intake_post(**SEVEN_MISTAKES))
    assert response.status_code == 200 and "selfcheck_intake" not in client.session
    lines = summary(response)
    assert [href for href, _ in lines] == ["id_start", "id_zones_0", "id_age", "id_pregnant",
                                           "id_medications-0-stopped", "id_device_needle_mm", "id_device_first_used"]
    texts = [text for _, text in lines]
    assert texts[0] == "First session: This field is required."
    assert texts[1] == "Areas to treat: choose at least one zone to treat, such as the forehead or the cheeks"
    assert texts[2] == "Age: enter a whole number from 0 to 120"
    assert texts[3] == "Pregnant: pregnancy is ticked and the sex is male: correct one of the two"
    assert texts[4] == ("Last dose of Isotretinoin (Roaccutane, Accutane): the date is in the future: "
                        "enter the day you took the last dose")
    assert texts[5] == "Needle length: enter a needle length above 0 and at most 5 mm"
    assert texts[6] == "Device first used on: the date is in the future: leave it empty for a new device"
    assert "7 answers to correct" in response.content.decode()


def test_each_mistake_is_also_shown_next_to_its_field(client: Client) -> None:
    html = client.post("/check/", intake_post(**SEVEN_MISTAKES)).content.decode()
    for field in ("start", "zones", "age", "pregnant", "medications-0-stopped", "device_needle_mm",
                  "device_first_used"):
        start = html.index(f'id="field-{field}"')
        block = html[start:html.find('<div class="field', start + 10)]  # up to the next field
        assert 'class="errorlist"' in block, field


def test_the_seven_corrected_in_one_round_give_the_answer(client: Client) -> None:
    fixed = {**SEVEN_MISTAKES, "start": IN_A_MONTH, "zones": ["forehead"], "age": "40", "pregnant": "",
             "medications-0-stopped": (today() - timedelta(days=200)).isoformat(), "device_needle_mm": "0.5",
             "device_first_used": ""}
    response = client.post("/check/", intake_post(**fixed))
    assert response.status_code == 302 and response["Location"] == "/check/answer/"


def test_an_empty_form_is_not_answered_go_ahead(client: Client) -> None:
    response = client.post("/check/", intake_post(zones=[], goals=[]))
    assert response.status_code == 200 and "selfcheck_intake" not in client.session
    assert [href for href, _ in summary(response)] == ["id_zones_0"]
    assert "Go ahead" not in response.content.decode()


def test_a_field_the_form_finds_wrong_shows_only_the_forms_message(client: Client) -> None:
    response = client.post("/check/", intake_post(**{"medications-0-id": "isotretinoin",
                                                     "medications-0-stopped": "not a date"}))
    assert summary(response) == [("id_medications-0-stopped",
                                  "Last dose of Isotretinoin (Roaccutane, Accutane): Enter a valid date.")]


def test_a_row_without_a_choice_is_named_by_its_list_and_place(client: Client) -> None:
    response = client.post("/check/", intake_post(**{"procedures-0-date": "2026-11-01"}))
    assert summary(response) == [("id_procedures-0-id", "Procedure 1: Choose one from the list, or clear this row.")]


@pytest.mark.parametrize(("language", "heading", "line"), [
    ("ru", "Нужно исправить 2 ответа",
     "Изотретиноин (Роаккутан, Акнекутан): последний приём: эта дата ещё не наступила: укажите день, когда вы "
     "приняли последнюю дозу"),
    ("fr", "2 réponses à corriger",
     "Isotrétinoïne (Roaccutane, Curacné)\u00a0: dernière prise\u00a0: cette date est dans le futur\u00a0: "
     "indiquez le jour de la dernière prise"),
])
def test_the_mistakes_are_listed_in_the_readers_language(client: Client, language: str, heading: str,
                                                         line: str) -> None:
    response = client.post("/check/", intake_post(age="200", **{"medications-0-id": "isotretinoin",
                                                                "medications-0-stopped": IN_A_MONTH}),
                           HTTP_ACCEPT_LANGUAGE=language)
    html = response.content.decode()
    assert heading in html
    assert line in [text for _, text in summary(response)]
    start = html.index('id="field-age"')
    assert ("введите целое число от 0 до 120" if language == "ru" else "saisissez un nombre entier de 0 à 120") \
        in html[start:html.index("</div>", start)]


def test_an_intake_saved_before_the_new_refusals_still_opens_and_screens(client: Client) -> None:
    """Decisions item 10: a saved check whose last dose was entered as a future date still reads."""
    from web_builders import person, saved_check

    ana = person("ana")
    check = saved_check(ana, medications=[{"id": "isotretinoin", "stopped": IN_A_MONTH}])
    client.force_login(ana)
    assert client.get(f"/check/saved/{check.pk}/").status_code == 200
    assert client.get(f"/check/saved/{check.pk}/edit/").status_code == 200
