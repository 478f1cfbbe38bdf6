"""A plan as a printable A4 handout (PDF), rendered from an HTML template by WeasyPrint.

Page 1 is a summary that fits on a fridge: the verdict, the next steps, the dated sessions,
what to buy, the red flags to watch and the not-a-doctor line. The details follow (why, the
zones and needles, one-off preparation in full, the plan day by day, what every session day
repeats, said once, aftercare, red flags, disagreements), and the sources come last. The PDF
is tagged (PDF/UA-1: headings, lists and tables are structure a screen reader follows) and
carries the reader's language.

The template lives in `exports/templates/` and is filled by Django's template engine used
standalone (no settings, autoescaping on), so every text from the knowledge base or the
intake is escaped. Its style, `plan.css` beside it, is parsed once per process: parsed with
every handout it was a twentieth of the handout's time.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from django.template import Context, Engine

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import FLAG_LEVELS, Knowledge
from mesoplan.core.messages import NOT_A_DOCTOR
from mesoplan.core.plan_model import NEEDLING, Plan, PlanEvent
from mesoplan.core.verdict_words import HEADLINES, SUBLINES
from mesoplan.exports.timeline import KIND_LABELS, PENDING, CalendarDay, Translate, daily, event_title, shopping
from mesoplan.i18n import (
    SETTING_LABELS,
    _,
    colon,
    current,
    doc_date,
    doc_day,
    number_text,
    render_message,
    render_reason,
    tidy,
    verdict_label,
)

LABELS = {
    "title": N_("Your mesoplan plan"), "setting": N_("Setting"), "start": N_("Start wanted"),
    "first": N_("First session"), "protocol": N_("Protocol"), "every": N_("Sessions every {days} days"),
    "why": N_("Why"), "read_first": N_("Read this first"), "zones": N_("Zones and needle lengths"),
    "needle": N_("Needle in this plan"), "max": N_("Most allowed"),
    "until": N_("until"), "aftercare": N_("Aftercare after every session"),
    "sources": N_("Sources"), "all_sources": N_("The sources of every step, and where they disagree, are on "
                                                "the answer page and on mesoplan's sources page."),
    "no_sessions": N_("No sessions are planned."),
    "next": N_("Next steps"), "sessions": N_("Your sessions"), "buy": N_("What to buy"),
    "watch": N_("Red flags to watch: see a doctor now if you notice"), "details": N_("The details"),
    "prepare": N_("Steps on a day of their own"), "routine": N_("On each session day"),
    "routine_note": N_("The same steps every time; the dates are on page 1."),
    "check_ins": N_("Diary check-ins after each session"), "each_session": N_("Each session"),
    "from_day": N_("from"),
}
MILLIMETRES = N_("{mm} mm")


@lru_cache(maxsize=1)
def _engine() -> Engine:
    folder = str(resources.files("mesoplan") / "exports" / "templates")
    return Engine(dirs=[folder], autoescape=True)


@lru_cache(maxsize=1)
def _style() -> Any:
    """The handout's stylesheet as WeasyPrint's parsed `CSS`: read-only once made, so every handout
    (and every thread) uses the one copy."""
    from weasyprint import CSS

    return CSS(string=(resources.files("mesoplan") / "exports" / "templates" / "plan.css").read_text(encoding="utf-8"))


def plan_to_pdf(plan: Plan, knowledge: Knowledge, *, translate: Translate = _) -> bytes:
    """The handout as a tagged PDF (PDF/UA-1) in the active language: a one-page summary, the
    details, the sources."""
    from weasyprint import HTML  # imported late: it loads Pango, which takes a while

    html = plan_html(plan, knowledge, translate=translate)
    return bytes(HTML(string=html).write_pdf(stylesheets=[_style()], pdf_variant="pdf/ua-1"))


def warm_up() -> None:
    """Load WeasyPrint (Pango, fontconfig and the fonts the handout's style asks for) and the handout's
    template, by printing the template with nothing in it: the first PDF a person asks a fresh server
    process for then takes as long as any other (it took about three times as long)."""
    from weasyprint import HTML

    HTML(string=_engine().get_template("plan.html").render(Context({"lang": "ru"}))).write_pdf(
        stylesheets=[_style()], pdf_variant="pdf/ua-1")


def plan_html(plan: Plan, knowledge: Knowledge, *, translate: Translate = _) -> str:
    """The handout as HTML (what the PDF is printed from)."""
    return _engine().get_template("plan.html").render(Context(_context(plan, knowledge, translate)))


def _mm(value: float | None, t: Translate) -> str:
    return t(MILLIMETRES).format(mm=number_text(value)) if value is not None else "—"


def _context(plan: Plan, knowledge: Knowledge, t: Translate) -> dict[str, Any]:
    s = plan.screening
    setting = plan.protocol.setting
    days = daily(plan)
    return {
        "lang": current(),
        "t": {key: t(label) for key, label in LABELS.items()},
        "colon": colon(),
        "every": t(LABELS["every"]).format(days=plan.interval_days),
        "verdict": s.verdict,
        "headline": tidy(t(HEADLINES[s.verdict]).format(date=doc_date(s.earliest_start))),
        "subline": t(SUBLINES[s.verdict]),
        "reasons": [{"effect": r.effect, "label": verdict_label(r.effect, t),
                     "text": render_reason(r, t, date_text=doc_date), "zones": _zones(r.zones, knowledge, t),
                     "until": doc_date(r.until), "sources": ", ".join(r.sources)}
                    for r in s.reasons],
        "protocol": {"title": t(plan.protocol.title), "summary": t(plan.protocol.summary),
                     "sources": ", ".join(plan.protocol.sources)},
        "setting": t(SETTING_LABELS[setting]), "start": doc_date(s.start), "first": doc_date(plan.first_session),
        "warnings": [render_message(w, t, date_text=doc_date) for w in plan.warnings],
        "zones": [{"name": t(knowledge.zones[z.zone].name), "verdict": z.verdict, "label": verdict_label(z.verdict, t),
                   "needle": _mm(z.needle_mm, t), "max": _mm(z.max_mm, t), "available": z.available is not None,
                   "when": doc_date(z.available) if z.available else (
                       render_message(z.left_out, t, date_text=doc_date) if z.left_out else "")}
                  for z in plan.zones],
        "next": [_step(d.main, knowledge, t) for d in days[:3]],
        "sessions": [{**_step(e, knowledge, t), "title": render_message(e.title, t, date_text=doc_date)}
                     for e in plan.sessions],
        "needles": _needles(plan, knowledge, t),
        "pending_all": bool(plan.sessions) and all(e.pending_clearance for e in plan.sessions),
        "buy": [render_message(m, t, date_text=doc_date) for m in shopping(plan)],
        "one_off": _once_each(_one_off(plan, days), knowledge, t),
        "routine": _routine(days, knowledge, t),
        "check_ins": ", ".join(dict.fromkeys(render_message(e.title, t, date_text=doc_date)
                                             for e in plan.events if e.kind == "check" and _repeats(plan, e))),
        "aftercare": [{"title": t(c.title), "details": t(c.details)} for c in knowledge.care.values()
                      if c.phase == "after" and setting in c.settings],
        # most urgent first: the emergencies, then see a doctor today, then in the coming days
        "red_flags": [{"name": t(e.name), "advice": t(e.advice)} for e in sorted(
            (e for e in knowledge.side_effects.values() if e.kind == "red_flag"),
            key=lambda e: FLAG_LEVELS.index(e.level) if e.level else len(FLAG_LEVELS))],
        "sources": _sources(plan, knowledge, t),
        "not_a_doctor": t(NOT_A_DOCTOR),
        "pending": t(PENDING),
    }


def _step(event: PlanEvent, knowledge: Knowledge, t: Translate) -> dict[str, Any]:
    """A dated thing to do as one line: its day, its title, whether it waits for a doctor."""
    return {"day": doc_day(event.date), "title": event_title(event, knowledge, t, doc_date),
            "pending": event.pending_clearance, "kind": event.kind,
            "until": doc_date(event.end) if event.end and event.kind == "prep" else ""}


def _needles(plan: Plan, knowledge: Knowledge, t: Translate) -> list[dict[str, str]]:
    """Each session's zones and needles, said once for the sessions that share them (usually all)."""
    groups: dict[str, list[str]] = {}
    for e in plan.sessions:
        zones = event_title(e, knowledge, t, doc_date).removeprefix(render_message(e.title, t, date_text=doc_date))
        groups.setdefault(zones.removeprefix(" — "), []).append(render_message(e.title, t, date_text=doc_date))
    return [{"zones": zones, "sessions": ", ".join(titles) if len(groups) > 1 else ""}
            for zones, titles in groups.items()]


def _lines(event: PlanEvent, t: Translate) -> list[str]:
    return [render_message(d, t, date_text=doc_date) for d in event.details]


def _once_each(events: list[PlanEvent], knowledge: Knowledge, t: Translate) -> list[dict[str, Any]]:
    """Steps with their lines, a line said by an earlier step left out (a pause repeated before each
    maintenance session says only its new dates)."""
    said: set[str] = set()
    out = []
    for event in events:
        lines = [line for line in _lines(event, t) if line not in said]
        said.update(lines)
        out.append({**_step(event, knowledge, t), "lines": lines})
    return out


def _repeats(plan: Plan, event: PlanEvent) -> bool:
    return sum(e.title.id == event.title.id for e in plan.events) > 1


def _one_off(plan: Plan, days: list[CalendarDay]) -> list[PlanEvent]:
    """The steps a person does once, on a day of their own: preparation before the course or a
    maintenance session, and dated checks that come once (judging the result)."""
    own = [d.main for d in days if d.main.kind not in NEEDLING]
    once = [e for d in days for e in d.folded if e.kind == "check" and not _repeats(plan, e)]
    return sorted([*own, *once], key=lambda e: e.date)


def _routine(days: list[CalendarDay], knowledge: Knowledge, t: Translate) -> list[dict[str, Any]]:
    """What a session day asks, said once: the first needling day's preparation, device and session
    steps (aftercare has its own section)."""
    first = next((d for d in days if d.main.kind in NEEDLING), None)
    if first is None:
        return []
    steps = [e for e in [first.main, *first.folded] if e.date == first.main.date and e.kind != "aftercare"]
    steps.sort(key=lambda e: ("prep", "device", "session", "maintenance").index(e.kind))
    on_page_one = {d.id for d in first.main.details if d.id in _ON_PAGE_ONE or d.id.startswith("Serum")}
    return [{"label": t(KIND_LABELS[e.kind]), "title": "" if e.kind in NEEDLING else event_title(e, knowledge, t),
             "lines": [render_message(d, t, date_text=doc_date) for d in e.details if d.id not in on_page_one]}
            for e in steps]


# The session's lines page 1 says already: pending clearance, the zones and needles (the serum's
# lines, "Serum: …", are under what to buy).
_ON_PAGE_ONE = frozenset({"Pending clearance: do not go ahead until a doctor has cleared it.",
                          "Zones and needle length: {zones}.", "Zones: {zones}."})


def _zones(zones: tuple[str, ...] | None, knowledge: Knowledge, t: Translate) -> str:
    return ", ".join(t(knowledge.zones[z].name) for z in zones) if zones else ""


def _sources(plan: Plan, knowledge: Knowledge, t: Translate) -> list[dict[str, str]]:
    """The sources of the codes the handout shows (by the reasons and the protocol): the literature,
    each with its grade, and the seed articles, each once with the codes of its statements (the
    statements, and the sources of every step, are on the answer page and the sources page: said
    here they were three pages of a ten-page handout)."""
    out: list[dict[str, str]] = []
    statements: dict[str, list[str]] = {}
    shown = [*plan.protocol.sources, *(c for r in plan.screening.reasons for c in r.sources)]
    for code in dict.fromkeys(shown):
        if code in knowledge.sources:
            source = knowledge.sources[code]
            if source.kind == "seed":
                statements.setdefault(code, [])
                continue
            out.append({"code": code, "text": t(source.citation) + (f" [{source.grade}]" if source.grade else "")})
        elif code in knowledge.seed_facts:
            statements.setdefault(knowledge.seed_facts[code].seed, []).append(code)
    seeds = [{"code": ", ".join([seed, *codes]), "text": t(knowledge.sources[seed].citation)}
             for seed, codes in sorted(statements.items()) if seed in knowledge.sources]
    return seeds + out
