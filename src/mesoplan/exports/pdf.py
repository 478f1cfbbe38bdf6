"""A plan as a printable A4 handout (PDF), rendered from an HTML template by WeasyPrint.

The template lives in `exports/templates/` and is filled by Django's template
engine used standalone (no settings, autoescaping on), so every text from the
knowledge base or the intake is escaped.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from django.template import Context, Engine

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import FLAG_LEVELS, Knowledge
from mesoplan.core.messages import NOT_A_DOCTOR
from mesoplan.core.plan_model import Plan
from mesoplan.exports.timeline import PENDING, Translate, cited, rows
from mesoplan.i18n import (
    SETTING_LABELS,
    VERDICT_LABELS,
    _,
    colon,
    doc_date,
    doc_day,
    number_text,
    render_message,
    render_reason,
    tidy,
)

HEADLINES = {
    "go": N_("Go ahead"),
    "caution": N_("Go ahead with care"),
    "postpone": N_("Not yet: wait until {date}"),
    "consult": N_("See a doctor first: this plan is pending clearance"),
    "stop": N_("Not now: do not start"),
}
LABELS = {
    "title": N_("Your mesoplan plan"), "setting": N_("Setting"), "start": N_("Start wanted"),
    "first": N_("First session"), "protocol": N_("Protocol"), "every": N_("Sessions every {days} days"),
    "why": N_("Why"), "read_first": N_("Read this first"), "zones": N_("Zones and needle lengths"),
    "zone": N_("Zone"), "verdict": N_("Verdict"), "needle": N_("Needle in this plan"), "max": N_("Most allowed"),
    "from": N_("From / note"), "timeline": N_("Your timeline"), "date": N_("Date"), "what": N_("What to do"),
    "until": N_("until"), "aftercare": N_("Aftercare after every session"),
    "red_flags": N_("Red flags: see a doctor now"), "disagreements": N_("Where the sources disagree, and what "
                                                                        "mesoplan decided"),
    "sources": N_("Sources"), "no_sessions": N_("No sessions are planned."),
}
WEEKDAY = "%a %d %b %Y"
MILLIMETRES = N_("{mm} mm")


@lru_cache(maxsize=1)
def _engine() -> Engine:
    folder = str(resources.files("mesoplan") / "exports" / "templates")
    return Engine(dirs=[folder], autoescape=True)


def plan_to_pdf(plan: Plan, knowledge: Knowledge, *, translate: Translate = _) -> bytes:
    """The handout as PDF bytes: verdict and reasons first, then zones, timeline, aftercare,
    red flags, disagreements and sources, and the not-a-doctor line.
    """
    from weasyprint import HTML  # imported late: it loads Pango, which takes a while

    html = plan_html(plan, knowledge, translate=translate)
    return bytes(HTML(string=html).write_pdf())


def plan_html(plan: Plan, knowledge: Knowledge, *, translate: Translate = _) -> str:
    """The handout as HTML (what the PDF is printed from)."""
    return _engine().get_template("plan.html").render(Context(_context(plan, knowledge, translate)))


def _mm(value: float | None, t: Translate) -> str:
    return t(MILLIMETRES).format(mm=number_text(value)) if value is not None else "—"


def _context(plan: Plan, knowledge: Knowledge, t: Translate) -> dict[str, Any]:
    s = plan.screening
    earliest = doc_date(s.earliest_start)
    first = plan.first_session
    setting = plan.protocol.setting
    return {
        "t": {key: t(label) for key, label in LABELS.items()},
        "colon": colon(),
        "every": t(LABELS["every"]).format(days=plan.interval_days),
        "verdict": s.verdict,
        "headline": tidy(t(HEADLINES[s.verdict]).format(date=earliest)),
        "reasons": [{"effect": r.effect, "label": t(VERDICT_LABELS[r.effect]),
                     "text": render_reason(r, t, date_text=doc_date), "zones": _zones(r.zones, knowledge, t),
                     "until": doc_date(r.until), "sources": ", ".join(r.sources)}
                    for r in s.reasons],
        "protocol": {"title": t(plan.protocol.title), "summary": t(plan.protocol.summary),
                     "sources": ", ".join(plan.protocol.sources)},
        "setting": t(SETTING_LABELS[setting]), "start": doc_date(s.start), "first": doc_date(first),
        "interval": plan.interval_days, "sessions": len(plan.sessions),
        "warnings": [render_message(w, t, date_text=doc_date) for w in plan.warnings],
        "zones": [{"name": t(knowledge.zones[z.zone].name), "verdict": z.verdict, "label": t(VERDICT_LABELS[z.verdict]),
                   "needle": _mm(z.needle_mm, t), "max": _mm(z.max_mm, t),
                   "when": doc_date(z.available) if z.available else (
                       render_message(z.left_out, t, date_text=doc_date) if z.left_out else "")}
                  for z in plan.zones],
        "timeline": [{"day": doc_day(r.date, WEEKDAY), "label": r.label, "kind": r.kind, "title": r.title,
                      "lines": r.lines, "pending": r.pending, "until": doc_date(r.end)}
                     for r in rows(plan, knowledge, t, date_text=doc_date)],
        "aftercare": [{"title": t(c.title), "details": t(c.details)} for c in knowledge.care.values()
                      if c.phase == "after" and setting in c.settings],
        # most urgent first: the emergencies, then see a doctor today, then in the coming days
        "red_flags": [{"name": t(e.name), "advice": t(e.advice)} for e in sorted(
            (e for e in knowledge.side_effects.values() if e.kind == "red_flag"),
            key=lambda e: FLAG_LEVELS.index(e.level) if e.level else len(FLAG_LEVELS))],
        "disagreements": [{"id": d.id, "topic": t(d.topic), "decision": t(d.decision)}
                          for d in (knowledge.disagreements[i] for i in
                                    dict.fromkeys([*s.disagreements, *plan.protocol.disagreements]))],
        "sources": _sources(plan, knowledge, t),
        "not_a_doctor": t(NOT_A_DOCTOR),
        "pending": t(PENDING),
    }


def _zones(zones: tuple[str, ...] | None, knowledge: Knowledge, t: Translate) -> str:
    return ", ".join(t(knowledge.zones[z].name) for z in zones) if zones else ""


def _sources(plan: Plan, knowledge: Knowledge, t: Translate) -> list[dict[str, str]]:
    out = []
    for code in cited(plan):
        if code in knowledge.sources:
            source = knowledge.sources[code]
            text = t(source.citation) + (f" [{source.grade}]" if source.grade else "")
        elif code in knowledge.seed_facts:
            text = t(knowledge.seed_facts[code].statement)
        else:
            continue
        out.append({"code": code, "text": text})
    return out
