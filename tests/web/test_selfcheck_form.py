"""The self-check form: it builds the contract's intake, and every mistake lands next to its field."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from web_builders import intake_post

pytestmark = pytest.mark.django_db


def post(client: Client, **fields: Any) -> Any:
    return client.post("/check/", intake_post(**fields))


def field_errors(response: Any, name: str) -> list[str]:
    """The errors a page shows next to one field (its block has id `field-<name>`)."""
    html = response.content.decode()
    start = html.find(f'id="field-{name}"')
    assert start != -1, f"no field {name} on the page"
    block = html[start:html.find('<div class="field', start + 10)]
    return [part.split("</li>")[0] for part in block.split("<li>")[1:]] if 'class="errorlist"' in block else []


def test_a_new_visitor_sees_the_form_with_today_as_the_start(client: Client) -> None:
    response = client.get("/check/")
    assert response.status_code == 200
    assert 'name="start"' in response.content.decode()


def test_a_valid_answer_goes_to_the_answer_page_and_is_kept_in_the_session(client: Client) -> None:
    response = post(client, **{"medications-0-id": "isotretinoin", "medications-0-stopped": "2026-08-01",
                               "conditions-0-id": "eczema", "conditions-0-zones": ["cheeks"],
                               "device_kind": "dermaroller", "device_needle_mm": "0.5", "serums": ["hyaluronic_acid"]})
    assert response.status_code == 302 and response["Location"] == "/check/answer/"
    kept = client.session["selfcheck_intake"]
    assert kept["medications"] == [{"id": "isotretinoin", "stopped": "2026-08-01"}]
    assert kept["conditions"] == [{"id": "eczema", "zones": ["cheeks"]}]
    assert kept["device"] == {"kind": "dermaroller", "needle_mm": 0.5}
    assert kept["serums"] == ["hyaluronic_acid"]


def test_blank_rows_are_left_out_of_the_intake(client: Client) -> None:
    post(client, **{"conditions-TOTAL_FORMS": "3"})
    assert "conditions" not in client.session["selfcheck_intake"]


def test_add_another_adds_one_blank_row_and_keeps_what_was_typed(client: Client) -> None:
    response = post(client, add="medications", **{"medications-0-id": "aspirin"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="medications-TOTAL_FORMS" value="2"' in html
    assert 'id="id_medications-1-id"' in html
    assert '<option value="aspirin" selected>' in html
    assert "selfcheck_intake" not in client.session


def test_a_missing_start_date_is_shown_next_to_the_start_field(client: Client) -> None:
    response = post(client, start="")
    assert response.status_code == 200
    assert field_errors(response, "start") == ["This field is required."]


def test_a_date_that_is_not_a_date_is_shown_next_to_its_row(client: Client) -> None:
    response = post(client, **{"medications-0-id": "antibiotic", "medications-0-until": "soon"})
    assert field_errors(response, "medications-0-until") == ["Enter a valid date."]


def test_the_parser_error_for_stopped_and_until_together_lands_on_until_in_the_right_row(client: Client) -> None:
    """`medications[0].until` from the services is the second filled row here: the first row is blank."""
    response = post(client, **{"medications-TOTAL_FORMS": "2",
                               "medications-1-id": "antibiotic", "medications-1-stopped": "2026-10-01",
                               "medications-1-until": "2026-10-20"})
    assert response.status_code == 200
    errors = field_errors(response, "medications-1-until")
    assert len(errors) == 1 and "not both" in errors[0]
    assert "selfcheck_intake" not in client.session


def test_an_impossible_age_is_shown_next_to_the_age(client: Client) -> None:
    response = post(client, age="200")
    assert field_errors(response, "age") == ["enter a whole number from 0 to 120"]


def test_a_negative_needle_length_is_shown_next_to_the_needle_field(client: Client) -> None:
    response = post(client, device_kind="dermaroller", device_needle_mm="-0.5")
    assert "above 0" in field_errors(response, "device_needle_mm")[0]


def test_a_needle_on_a_needle_free_device_is_refused_by_the_services(client: Client) -> None:
    response = post(client, device_kind="negative_pressure_injector", device_needle_mm="0.5")
    errors = field_errors(response, "device_needle_mm")
    assert errors and "has no needles" in errors[0]


def test_a_row_with_a_date_but_nothing_chosen_asks_to_choose(client: Client) -> None:
    response = post(client, **{"procedures-0-date": "2026-11-01"})
    assert field_errors(response, "procedures-0-id") == ["Choose one from the list, or clear this row."]


def test_an_id_that_is_not_in_the_list_is_refused_by_the_form(client: Client) -> None:
    response = post(client, zones=["forehead", "elbow"])
    assert "Select a valid choice" in field_errors(response, "zones")[0]


@pytest.mark.parametrize("fields", [
    {"conditions-TOTAL_FORMS": "abc"},
    {"conditions-TOTAL_FORMS": "100000"},
    {"medications-INITIAL_FORMS": "-4"},
    {"setting": "moon"},
    {"device_uses": "-3"},
    {"device_needles": "9999999999999999999999"},
    {"device_needle_mm": "NaN"},
    {"device_needle_mm": "1e309"},
    {"start": "2026-02-30"},
    {"fitzpatrick": "9"},
    {"add": "planets"},
])
def test_garbage_never_gives_a_500(client: Client, fields: dict[str, str]) -> None:
    response = post(client, **fields)
    assert response.status_code in (200, 302)


def test_a_broken_list_count_is_reported_at_that_list(client: Client) -> None:
    response = post(client, **{"conditions-TOTAL_FORMS": "abc"})
    assert response.status_code == 200
    assert "ManagementForm data is missing or has been tampered with" in response.content.decode()


def test_change_my_answers_fills_the_form_from_the_last_answer(client: Client) -> None:
    post(client, age="34", **{"conditions-0-id": "common_cold", "conditions-0-until": "2026-11-28"})
    html = client.get("/check/?edit").content.decode()
    assert 'name="age" value="34"' in html
    assert '<option value="common_cold" selected>' in html
    assert 'value="2026-11-28"' in html


def test_no_area_chosen_is_shown_next_to_the_areas_and_nothing_is_kept(client: Client) -> None:
    """With no zone ticked the form comes back with the error by "Which areas?", not a `go` with no sessions."""
    response = post(client, zones=[])
    assert response.status_code == 200
    assert "at least one zone" in field_errors(response, "zones")[0]
    assert "selfcheck_intake" not in client.session
