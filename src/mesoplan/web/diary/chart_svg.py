"""The progress chart's SVG elements as one string, made in Python rather than in template loops:
a year of weekly sessions is some hundred elements, which the template language would render
one tag at a time (and localise every coordinate). Text is escaped; numbers are written as they are."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from mesoplan.web.diary.chart import Chart


def markup(chart: Chart) -> SafeString:
    """Everything inside the chart's <svg> but its title."""
    left, right = chart.plot_left, chart.plot_right
    outcome_scale = escape(gettext("How happy (0–10)"))
    severity_scale = escape(gettext("Reactions: how bad (1 mild – 5 severe)"))
    out = [f'<text class="panel" x="{left}" y="{chart.plot_top - 4}">{outcome_scale}</text>',
           f'<text class="panel" x="{left}" y="{chart.severity_top - 8}">{severity_scale}</text>']
    for ticks in (chart.y_ticks, chart.severity_ticks):
        out += [f'<line class="grid-line" x1="{left}" x2="{right}" y1="{y}" y2="{y}"/>'
                f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">{v}</text>'
                for y, v in ticks]
    out += [f'<line class="session-mark" x1="{x}" x2="{x}" y1="{chart.plot_top}" y2="{chart.plot_bottom}"/>'
            for x in chart.sessions]
    for y in (chart.outcome_bottom, chart.plot_bottom):
        out.append(f'<line class="axis" x1="{left}" x2="{right}" y1="{y}" y2="{y}"/>')
    out += [f'<text x="{x}" y="{chart.plot_bottom + 18}" text-anchor="{anchor}">{escape(label)}</text>'
            for x, label, anchor in chart.x_ticks]
    if chart.outcome_path:
        out.append(f'<path class="outcome" d="{chart.outcome_path}"/>')
    out += [f'<circle class="dot" cx="{p.x}" cy="{p.y}" r="4"><title>{escape(p.title)}</title></circle>'
            for p in chart.outcomes]
    out += [f'<circle class="reaction {p.css}" cx="{p.x}" cy="{p.y}" r="6"><title>{escape(p.title)}</title></circle>'
            for p in chart.reactions]
    return mark_safe("".join(out))  # every text above is escaped, the rest are numbers
