"""The progress chart, drawn server-side as SVG coordinates: no JavaScript chart library.

Two panels on one time axis, each with its own scale, so that a reaction can never be read
as a good outcome: above, the self-rated outcome (1–10, logged with a session) as a line on
a 0–10 scale; below, each reaction as a dot on the severity scale 1 (mild) – 5 (severe),
red when the knowledge base calls the symptom a red flag. Session days are dashed vertical
lines across both. The time axis spans the window asked for (`first`, `last`), else the
days there are data for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 640, 270
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 14, 30  # margins for the axis labels
OUTCOME_BOTTOM = 160  # the outcome panel: TOP … OUTCOME_BOTTOM
SEVERITY_TOP = 182  # the reactions panel: SEVERITY_TOP … HEIGHT - BOTTOM
SEVERITIES = (1, 2, 3, 4, 5)


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
    y_ticks: list[tuple[float, int]] = field(default_factory=list)  # the outcome scale, 0–10
    severity_ticks: list[tuple[float, int]] = field(default_factory=list)  # the reactions' scale, 1–5
    x_ticks: list[tuple[float, str, str]] = field(default_factory=list)  # x, label, text-anchor
    empty: bool = True
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM
    outcome_bottom: int = OUTCOME_BOTTOM
    severity_top: int = SEVERITY_TOP
    markup: str = ""  # the SVG elements, made by `chart_svg.markup` for the page


def build(outcomes: list[tuple[date, int, str]], reactions: list[tuple[date, int, str, bool]],
          session_days: list[date], first: date | None = None, last: date | None = None) -> Chart:
    """Coordinates for the chart.

    Args:
        outcomes: (day, rating 1–10, tooltip) for sessions with a rating.
        reactions: (day, severity 1–5, tooltip, red flag?) for each reaction.
        session_days: the days of logged sessions.
        first, last: the window shown; without them, the days there are data for.
    """
    days = [d for d, *_ in outcomes] + [d for d, *_ in reactions] + list(session_days)
    chart = Chart()
    if not days:
        return chart
    first = first or min(days)
    last = last or max(days)
    span = max((last - first).days, 1)
    inner_w = WIDTH - LEFT - RIGHT
    severity_h = HEIGHT - BOTTOM - SEVERITY_TOP

    def x(day: date) -> float:
        return round(LEFT + inner_w * (day - first).days / span, 1) if last != first else LEFT + inner_w / 2

    def y(value: float) -> float:
        return round(TOP + (OUTCOME_BOTTOM - TOP) * (1 - value / 10), 1)

    def severity_y(value: int) -> float:
        return round(SEVERITY_TOP + severity_h * (5 - value) / 4, 1)

    chart.empty = False
    chart.outcomes = [Point(x(d), y(v), t) for d, v, t in sorted(outcomes)]
    chart.outcome_path = " ".join(f"{'M' if i == 0 else 'L'}{p.x},{p.y}" for i, p in enumerate(chart.outcomes))
    chart.reactions = [Point(x(d), severity_y(s), t, "red_flag" if red else "") for d, s, t, red in reactions]
    chart.sessions = sorted({x(d) for d in session_days})
    chart.y_ticks = [(y(v), v) for v in (0, 2, 4, 6, 8, 10)]
    chart.severity_ticks = [(severity_y(v), v) for v in (1, 3, 5)]
    if last == first:
        chart.x_ticks = [(x(first), first.isoformat(), "middle")]
        return chart
    steps = min(4, span)
    ticks = [first + (last - first) * i / steps for i in range(steps + 1)]
    # the end labels hang inwards so that they stay inside the drawing
    chart.x_ticks = [(x(day), day.isoformat(), "start" if i == 0 else "end" if i == steps else "middle")
                     for i, day in enumerate(ticks)]
    return chart
