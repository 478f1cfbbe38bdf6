"""The gate's answer as a page shows it, next to the action it is about: translated, with sources."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mesoplan import services
from mesoplan.core.gate import Finding, GateAnswer
from mesoplan.core.i18n import fill
from mesoplan.web.front.display import SourceRef, long_date, source_refs

NEED_TITLES = {"block": _("Not allowed"), "clearance": _("Needs a recorded clearance"),
               "acknowledge": _("Go ahead with care: acknowledge before signing")}
NEED_CSS = {"block": "stop", "clearance": "consult", "acknowledge": "caution"}


@dataclass(frozen=True)
class FindingView:
    need: str
    css: str
    title: str
    text: str
    sources: list[SourceRef]
    note: str = ""  # the person's own words for the entry behind the finding ("other condition")


OWN_WORDS = frozenset({"note"})


def finding_text(finding: Finding) -> str:
    """A finding's message, translated, with its values; a wait says until when."""
    params: dict[str, Any] = {}
    for key, value in finding.params.items():
        if key in OWN_WORDS:
            params[key] = value  # the person's own words: never looked up as a message id
        elif isinstance(value, str):
            params[key] = gettext(value)
        elif isinstance(value, tuple):
            params[key] = ", ".join(gettext(v) if isinstance(v, str) else str(v) for v in value)
        elif isinstance(value, date):
            params[key] = long_date(value)
        else:
            params[key] = value
    zones = ", ".join(finding.zones) if finding.zones else ""
    text = fill(gettext(finding.message_id), params, until=long_date(finding.until), zones=zones)
    if finding.kind == "postpone" and finding.until is not None:
        text += " " + gettext("Not before %(day)s.") % {"day": long_date(finding.until)}
    return text


def finding_views(findings: Iterable[Finding]) -> list[FindingView]:
    kb = services.knowledge()
    return [FindingView(f.need, NEED_CSS[f.need], str(NEED_TITLES[f.need]), finding_text(f),
                        source_refs(f.sources, kb), str(f.params.get("note", ""))) for f in findings]


def answer_views(answer: GateAnswer | None, cleared_rules: frozenset[str] = frozenset()) -> list[FindingView]:
    """The findings still standing: a consult that a recorded clearance covers is left out."""
    if answer is None:
        return []
    return finding_views(f for f in answer.findings if not (f.need == "clearance" and f.rule in cleared_rules))


def refusal_lines(findings: Sequence[object]) -> list[str]:
    """The findings of a refusal as one line each, for a message at the top of a page."""
    return [finding_text(f) for f in findings if isinstance(f, Finding)]
