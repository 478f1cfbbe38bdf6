"""`{% zone_map map_views pickable %}`: the face and body drawing, rendered once per distinct drawing.

The drawing is some two hundred template nodes (every zone's outlines, labels and tags), and it
is the same for every person whose zones carry the same colours, names and needle labels: the
answer page, the self-check form and a clinic's client page drew it anew on every request, a
tenth of the answer page's time. The rendered markup is kept per process, keyed by everything
it is made of (the views, whether it is pickable, the language), so a person's drawing is never
another's; `front/_zone_map.html` stays the one place its markup is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from mesoplan.web.front.zonemap import MapView, ShapeView

register = template.Library()

DrawingKey = tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[ShapeView, ...]], ...]


@register.simple_tag
def zone_map(map_views: Sequence[MapView], pickable: bool = False) -> SafeString:
    key = tuple((v.name, v.viewbox, v.outline, v.features, tuple(v.shapes)) for v in map_views)
    return _drawing(key, bool(pickable), get_language() or "")


# A few hundred distinct drawings at most in practice (verdict colours × needle labels × languages);
# the bound keeps a long-running process's memory flat whatever comes.
@lru_cache(maxsize=512)
def _drawing(key: DrawingKey, pickable: bool, language: str) -> SafeString:
    views = [MapView(name, outline, features, list(shapes), viewbox)
             for name, viewbox, outline, features, shapes in key]
    # The template escaped every value: what it rendered is safe markup.
    return mark_safe(render_to_string("front/_zone_map.html", {"map_views": views, "pickable": pickable}))
