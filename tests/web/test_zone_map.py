"""The face and body map: a clickable shape for every zone, coloured by verdict on the answer."""

from __future__ import annotations

import pytest
from django.test import Client

from mesoplan import services
from mesoplan.core.contract import MIN_VOCABULARY
from mesoplan.web.front.zonemap import VIEWS, zone_ids, zone_map


def test_every_zone_of_the_knowledge_base_has_a_shape() -> None:
    assert zone_ids() == set(services.knowledge().zones)
    assert set(MIN_VOCABULARY["zone"]) <= zone_ids()


def test_no_zone_is_drawn_twice_in_one_view() -> None:
    for _name, shapes, _outline in VIEWS:
        zones = [s.zone for s in shapes]
        assert len(zones) == len(set(zones))


def test_a_verdict_map_colours_treated_zones_and_greys_the_rest() -> None:
    views = zone_map({"cheeks": "Cheeks"}, verdicts={"cheeks": "postpone"}, labels={"cheeks": "0.5"})
    shapes = {s.zone: s for v in views for s in v.shapes}
    assert "verdict-postpone" in shapes["cheeks"].css and shapes["cheeks"].label == "0.5"
    assert "is-untreated" in shapes["forehead"].css


@pytest.mark.django_db
def test_the_form_draws_every_zone_and_keeps_a_checkbox_for_each(client: Client) -> None:
    page = client.get("/check/").content.decode()
    for zone in services.knowledge().zones:
        assert f'data-zone="{zone}"' in page
        assert f'name="zones" value="{zone}"' in page
