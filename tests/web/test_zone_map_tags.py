"""The form's zone map names every zone in a tag beside the drawing; the answer's map does not."""

from __future__ import annotations

from mesoplan import services
from mesoplan.web.front.zonemap import wrapped, zone_map


def test_every_zone_has_a_tag_inside_the_drawing_and_no_two_tags_overlap() -> None:
    names = {z: z for z in services.knowledge().zones}
    for view in zone_map(names):
        left, top, width, height = (float(v) for v in view.viewbox.split())
        boxes = []
        for shape in view.shapes:
            tag = shape.tag
            assert tag is not None, shape.zone
            assert left <= tag.x and tag.x + tag.width <= left + width, shape.zone
            assert top <= tag.y and tag.y + tag.height <= top + height, shape.zone
            boxes.append((tag.x, tag.y, tag.x + tag.width, tag.y + tag.height))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_the_tags_carry_the_names_in_the_readers_language() -> None:
    views = zone_map({"jawline": "Линия челюсти (овал лица)"})
    tag = next(s.tag for v in views for s in v.shapes if s.zone == "jawline")
    assert tag is not None and tag.lines == ("Линия челюсти", "(овал лица)")


def test_a_long_name_is_split_in_two_lines_near_its_middle() -> None:
    assert wrapped("Between the eyebrows", 13) == ("Between the", "eyebrows")
    assert wrapped("Nose", 13) == ("Nose",)


def test_the_answers_map_keeps_its_own_size_and_has_no_tags() -> None:
    views = zone_map({"cheeks": "Cheeks"}, verdicts={"cheeks": "go"})
    assert all(v.viewbox == "0 0 300 372" and all(s.tag is None for s in v.shapes) for v in views)
