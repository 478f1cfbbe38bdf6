"""The progress chart, drawn server-side as SVG coordinates: no JavaScript chart library.

The self-rated outcome (1–10, logged with a session) is a line; each reaction
is a dot whose height is its severity (1–5, drawn on the same 0–10 scale as
twice its value) and whose colour says whether the knowledge base calls the
symptom a red flag. Session days are dashed vertical lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 14, 30  # margins for the axis labels


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str
    css: str = ""


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    outcome_path: str = ""
    outcomes: list[Point] = field(default_factory=list)
    reactions: list[Point] = field(default_factory=list)
    sessions: list[float] = field(default_factory=list)
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    x_ticks: list[tuple[float, str, str]] = field(default_factory=list)  # x, label, text-anchor
    empty: bool = True
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM


def build(outcomes: list[tuple[date, int, str]], reactions: list[tuple[date, int, str, bool]],
          session_days: list[date]) -> Chart:
    """Coordinates for the chart.

    Args:
        outcomes: (day, rating 1–10, tooltip) for sessions with a rating.
        reactions: (day, severity 1–5, tooltip, red flag?) for each reaction.
        session_days: the days of logged sessions.
    """
    days = [d for d, *_ in outcomes] + [d for d, *_ in reactions] + list(session_days)
    chart = Chart()
    if not days:
        return chart
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + inner_w * (day - first).days / span, 1) if last != first else LEFT + inner_w / 2

    def y(value: float) -> float:
        return round(TOP + inner_h * (1 - value / 10), 1)

    chart.empty = False
    chart.outcomes = [Point(x(d), y(v), t) for d, v, t in sorted(outcomes)]
    chart.outcome_path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(chart.outcomes))
    chart.reactions = [Point(x(d), y(2 * s), t, "red_flag" if red else "") for d, s, t, red in reactions]
    chart.sessions = sorted({x(d) for d in session_days})
    chart.y_ticks = [(y(v), v) for v in (0, 2, 4, 6, 8, 10)]
    if last == first:
        chart.x_ticks = [(x(first), first.isoformat(), "middle")]
        return chart
    steps = min(4, span)
    ticks = [first + (last - first) * i / steps for i in range(steps + 1)]
    # the end labels hang inwards so that they stay inside the drawing
    chart.x_ticks = [(x(day), day.isoformat(), "start" if i == 0 else "end" if i == steps else "middle")
                     for i, day in enumerate(ticks)]
    return chart
