"""The drawing is rendered once per distinct drawing (`front/templatetags/zone_maps.py`): each person still
gets their own selection, colours, needle labels and language, and the same drawing is rendered once."""

from __future__ import annotations

from django.template import engines
from django.utils import translation

from mesoplan import services
from mesoplan.web.front.templatetags import zone_maps
from mesoplan.web.front.zonemap import zone_map

PAGE = engines["django"].from_string("{% load zone_maps %}{% zone_map map_views pickable=True %}")
ANSWER = engines["django"].from_string("{% load zone_maps %}{% zone_map map_views pickable=False %}")
NAMES = {z: z for z in services.knowledge().zones}


def _selected(html: str) -> int:
    return html.count("is-selected")


def test_each_selection_colour_and_label_gets_its_own_drawing() -> None:
    cheeks = PAGE.render({"map_views": zone_map(NAMES, selected=frozenset({"cheeks"}))})
    both = PAGE.render({"map_views": zone_map(NAMES, selected=frozenset({"cheeks", "forehead"}))})
    assert _selected(both) > _selected(cheeks) > 0
    go = ANSWER.render({"map_views": zone_map(NAMES, verdicts={"cheeks": "go"}, labels={"cheeks": "0.5"})})
    stop = ANSWER.render({"map_views": zone_map(NAMES, verdicts={"cheeks": "stop"}, labels={"cheeks": "0.25"})})
    assert "verdict-go" in go and "verdict-stop" not in go and ">0.5<" in go
    assert "verdict-stop" in stop and "verdict-go" not in stop and ">0.25<" in stop


def test_the_same_drawing_is_rendered_once_and_each_language_has_its_own() -> None:
    views = zone_map(NAMES, verdicts={"chest": "caution"})
    zone_maps._drawing.cache_clear()
    first = ANSWER.render({"map_views": views})
    again = ANSWER.render({"map_views": zone_map(NAMES, verdicts={"chest": "caution"})})
    assert first == again and zone_maps._drawing.cache_info().hits == 1
    with translation.override("fr"):
        french = ANSWER.render({"map_views": views})
    assert french != first and ">front<" in first and ">front<" not in french
