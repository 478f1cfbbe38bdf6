"""The face and body map: one clickable SVG shape (or two, left and right) per zone.

The drawing is data, so a test can check that every zone of the knowledge base
has a shape. Two views share one coordinate system each (viewBox 300 × 370):
the face with scalp and neck, and the body from the front and from the back.
Smaller shapes come later in the list so they sit on top and take the click.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

VIEWBOX = "0 0 300 372"


@dataclass(frozen=True)
class Shape:
    """A zone's outline(s) on one view and where its label goes."""

    zone: str
    paths: tuple[str, ...]
    label_at: tuple[int, int]
    hit: tuple[str, ...] = ()  # invisible outlines that widen a small zone's target


# Decorative outlines drawn under the zones: they take no clicks.
FACE_OUTLINE = (
    "M62,175 A88,116 0 1 1 238,175 A88,116 0 1 1 62,175 Z",
    "M62,160 C50,158 48,196 64,204 Z",  # ears
    "M238,160 C250,158 252,196 236,204 Z",
)
FACE_FEATURES = (
    "M96,180 Q112,170 128,180 Q112,188 96,180 Z",  # eyes
    "M172,180 Q188,170 204,180 Q188,188 172,180 Z",
    "M92,158 Q112,148 134,156",  # brows (stroked)
    "M166,156 Q188,148 208,158",
)
BODY_OUTLINE = (
    # front: head, neck, torso, legs
    "M80,12 a18,18 0 1 1 -0.1,0 Z",
    "M72,46 h16 v14 h-16 Z",
    "M44,60 L116,60 L110,190 L50,190 Z",
    "M52,190 L79,190 L75,352 L60,352 Z",
    "M108,190 L81,190 L85,352 L100,352 Z",
    # back
    "M220,12 a18,18 0 1 1 -0.1,0 Z",
    "M212,46 h16 v14 h-16 Z",
    "M184,60 L256,60 L250,190 L190,190 Z",
    "M192,190 L219,190 L215,352 L200,352 Z",
    "M248,190 L221,190 L225,352 L240,352 Z",
)

FACE: tuple[Shape, ...] = (
    # The head is the ellipse centred (150, 175) with radii 88 × 116; scalp, jawline and
    # chin follow its outline, the forehead and scalp share the hairline curve.
    Shape("neck", ("M114,281 A88,116 0 0 0 186,281 L194,360 Q150,372 106,360 Z",), (150, 330)),
    Shape("scalp", ("M64,150 A88,116 0 0 1 236,150 Q150,50 64,150 Z",), (150, 74)),
    Shape("forehead", ("M66,150 Q150,50 234,150 L163,150 Q150,144 137,150 Z",), (112, 128)),
    # The cheeks stop at the jawline's inner edge, so a tap on the jawline's band is the jawline's.
    Shape("cheeks", ("M76,198 Q104,206 136,200 L134,226 Q120,236 117,250 Q100,254 92,242 Q80,224 76,198 Z",
                     "M224,198 Q196,206 164,200 L166,226 Q180,236 183,250 Q200,254 208,242 Q220,224 224,198 Z"),
          (102, 226)),
    Shape("jawline", ("M63.3,195.1 A88,116 0 0 0 112.8,280.1 L117,269.3 A78,104 0 0 1 73.2,193.1 Z",
                      "M236.7,195.1 A88,116 0 0 1 187.2,280.1 L183,269.3 A78,104 0 0 0 226.8,193.1 Z"),
          (86, 246)),
    Shape("periorbital", ("M84,180 C84,158 140,158 140,180 C140,202 84,202 84,180 Z",
                          "M160,180 C160,158 216,158 216,180 C216,202 160,202 160,180 Z"), (112, 168)),
    Shape("glabella", ("M139,146 Q150,142 161,146 L160,172 Q150,175 140,172 Z",), (150, 160)),
    Shape("nose", ("M142,175 L138,218 Q150,232 162,218 L158,175 Z",), (150, 212)),
    Shape("perioral", ("M119,250 C119,227 181,227 181,250 C181,273 119,273 119,250 Z",), (150, 236)),
    Shape("chin", ("M112.8,280.1 A88,116 0 0 0 187.2,280.1 L183,269.3 Q150,264 117,269.3 Z",), (150, 280)),
    # The lips are small on a phone: an invisible ellipse around them takes the tap too.
    Shape("lips", ("M130,251 Q150,239 170,251 Q150,263 130,251 Z",), (150, 252),
          hit=("M124,251 A26,15 0 1 0 176,251 A26,15 0 1 0 124,251 Z",)),
)

BODY: tuple[Shape, ...] = (
    Shape("decollete", ("M46,62 L114,62 L109,100 Q80,110 51,100 Z",), (80, 84)),
    Shape("abdomen", ("M53,130 L107,130 L109,186 L51,186 Z",), (80, 160)),
    Shape("back", ("M186,62 L254,62 L251,158 L189,158 Z",), (220, 110)),
    Shape("buttocks", ("M189,162 L251,162 L252,204 Q236,214 220,206 Q204,214 188,204 Z",), (220, 188)),
    Shape("thighs", ("M52,194 L79,194 L77,272 L56,272 Z", "M108,194 L81,194 L83,272 L104,272 Z",
                     "M191,212 L219,212 L217,272 L196,272 Z", "M249,212 L221,212 L223,272 L244,272 Z"),
          (66, 236)),
    Shape("arms", ("M33,64 L45,62 L43,120 L40,196 L28,196 L30,120 Z",
                   "M127,64 L115,62 L117,120 L120,196 L132,196 L130,120 Z",
                   "M173,64 L185,62 L183,120 L180,196 L168,196 L170,120 Z",
                   "M267,64 L255,62 L257,120 L260,196 L272,196 L270,120 Z"), (36, 130)),
    Shape("hands", ("M27,199 L41,199 L43,226 Q34,236 25,226 Z", "M133,199 L119,199 L117,226 Q126,236 135,226 Z",
                    "M167,199 L181,199 L183,226 Q174,236 165,226 Z", "M273,199 L259,199 L257,226 Q266,236 275,226 Z"),
          (34, 214)),
)

VIEWS = (("face", FACE, FACE_OUTLINE), ("body", BODY, BODY_OUTLINE))

# On the form, each zone is also named in a tag beside the drawing, joined to it by a line: the tag
# is a tap target of at least 44 × 44 px on a 390 px phone (a view is 460–472 units wide in a
# column of about 340 px there, 0.72 px a unit or more), so small zones (lips, between the
# eyebrows) are easy to choose.
# zone → (column: left or right of the drawing, the tag's centre y, the point on the zone it names)
CALLOUTS: dict[str, dict[str, tuple[str, int, tuple[int, int]]]] = {
    "face": {
        "scalp": ("left", 35, (108, 84)), "forehead": ("left", 101, (118, 122)),
        "periorbital": ("left", 167, (100, 180)), "cheeks": ("left", 233, (97, 224)),
        "jawline": ("left", 299, (76, 232)), "neck": ("left", 365, (134, 322)),
        "glabella": ("right", 101, (152, 160)), "nose": ("right", 167, (153, 206)),
        "perioral": ("right", 233, (176, 243)), "lips": ("right", 299, (160, 251)),
        "chin": ("right", 365, (166, 281)),
    },
    "body": {
        "decollete": ("left", 35, (80, 80)), "arms": ("left", 101, (37, 110)),
        "abdomen": ("left", 167, (80, 158)), "hands": ("left", 233, (34, 214)),
        "thighs": ("left", 299, (66, 240)),
        "back": ("right", 101, (232, 110)), "buttocks": ("right", 188, (232, 188)),
    },
}
TAG_HEIGHT = 64


@dataclass(frozen=True)
class Columns:
    """Where one view's tags go: their width and the left edges of the two columns."""

    width: int
    left_x: int
    right_x: int
    line_chars: int  # characters on a line of a tag at its font size

    @property
    def viewbox(self) -> str:
        left, right = self.left_x - 2, self.right_x + self.width + 2
        return f"{left} 0 {right - left} 400"


# The face's tags take the sides of the head; the body's are narrower so they clear the arms.
COLUMNS = {"face": Columns(134, -78, 244, 13), "body": Columns(104, -84, 280, 11)}


@dataclass(frozen=True)
class Tag:
    """A zone's name beside the drawing: a box, its lines of text, and the line to the zone."""

    x: int
    y: int
    width: int
    lines: tuple[str, ...]
    line_from: tuple[int, int]
    line_to: tuple[int, int]
    height: int = TAG_HEIGHT

    @property
    def text_x(self) -> int:
        return self.x + self.width // 2 + 6  # room for the tick on the left

    @property
    def first_line_y(self) -> float:
        return self.y + TAG_HEIGHT / 2 - (len(self.lines) - 1) * 8.5

    @property
    def tick_x(self) -> int:
        return self.x + 12

    @property
    def tick_y(self) -> float:
        return self.y + TAG_HEIGHT / 2


def wrapped(name: str, width: int) -> tuple[str, ...]:
    """A name on one line, or two split at the space nearest the middle when it is too long."""
    if len(name) <= width or " " not in name:
        return (name,)
    spaces = [i for i, c in enumerate(name) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return name[:cut], name[cut + 1:]


def _tag(view: str, zone: str, name: str) -> Tag | None:
    found = CALLOUTS[view].get(zone)
    if found is None:
        return None
    side, centre_y, to = found
    columns = COLUMNS[view]
    x = columns.left_x if side == "left" else columns.right_x
    edge = (x + columns.width if side == "left" else x, centre_y)
    return Tag(x, centre_y - TAG_HEIGHT // 2, columns.width, wrapped(name, columns.line_chars), edge, to)


@dataclass(frozen=True)
class ShapeView:
    zone: str
    paths: tuple[str, ...]
    css: str
    title: str
    label: str
    label_x: int
    label_y: int
    hit: tuple[str, ...] = ()
    tag: Tag | None = None


@dataclass(frozen=True)
class MapView:
    name: str
    outline: tuple[str, ...]
    features: tuple[str, ...]
    shapes: list[ShapeView] = field(default_factory=list)
    viewbox: str = VIEWBOX


def zone_ids() -> set[str]:
    """Every zone the map can show."""
    return {s.zone for _, shapes, _ in VIEWS for s in shapes}


def zone_map(names: Mapping[str, str], selected: frozenset[str] = frozenset(),
             verdicts: Mapping[str, str] | None = None, titles: Mapping[str, str] | None = None,
             labels: Mapping[str, str] | None = None) -> list[MapView]:
    """The two views ready for `front/_zone_map.html`.

    Args:
        names: zone id → name in the visitor's language (the tooltip).
        selected: zones drawn as chosen (the self-check form).
        verdicts: zone id → verdict, to colour the answer map.
        titles: zone id → a longer tooltip (verdict and needle lengths).
        labels: zone id → short text drawn on the zone (the needle length).
    """
    picking = verdicts is None  # the form's map names its zones beside the drawing
    views = []
    for name, shapes, outline in VIEWS:
        view = MapView(name, outline, FACE_FEATURES if name == "face" else (),
                       viewbox=COLUMNS[name].viewbox if picking else VIEWBOX)
        for s in shapes:
            css = ["zone"]
            if s.zone in selected:
                css.append("is-selected")
            if verdicts is not None:
                css.append(f"verdict-{verdicts[s.zone]}" if s.zone in verdicts else "is-untreated")
            view.shapes.append(ShapeView(
                zone=s.zone, paths=s.paths, css=" ".join(css),
                title=(titles or {}).get(s.zone) or names.get(s.zone, s.zone),
                label=(labels or {}).get(s.zone, ""), label_x=s.label_at[0], label_y=s.label_at[1],
                hit=s.hit, tag=_tag(name, s.zone, names.get(s.zone, s.zone)) if picking else None,
            ))
        views.append(view)
    return views
