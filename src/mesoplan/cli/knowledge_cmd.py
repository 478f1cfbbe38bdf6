"""`mesoplan knowledge check | show KIND | coverage`."""

from __future__ import annotations

import typer

from mesoplan.cli.app import EXIT_BAD_INPUT, error_line, fail, knowledge_app, print_json
from mesoplan.errors import MesoplanError

KINDS = ("sources", "seed_facts", "zones", "devices", "conditions", "medications", "procedures",
         "person", "ingredients", "goals", "checks", "intervals", "side_effects", "care",
         "disagreements", "explanations", "protocols", "rules")


@knowledge_app.command("check")
def check() -> None:
    """Load and validate the knowledge base, every rule's example intakes, and that each text people read
    is translated into every shipped language."""
    from mesoplan.i18n_catalogues import untranslated_knowledge
    from mesoplan.knowledge_check import check_examples
    from mesoplan.knowledge_loader import load_knowledge
    from mesoplan.knowledge_messages import messages

    try:
        kb = load_knowledge()
        checked = check_examples(kb)
    except MesoplanError as error:
        fail(error)
    missing = untranslated_knowledge(messages(kb))
    for language, where, text in missing:
        error_line(f"error: {where}: no {language} translation of {text[:70]!r} (run `make messages`)")
    if missing:
        raise typer.Exit(EXIT_BAD_INPUT)
    typer.echo(f"knowledge {kb.version}: OK — {len(kb.all_rules())} rules, {checked} examples, "
               f"{len(kb.sources)} sources, {len(kb.seed_facts)} seed facts, {len(kb.zones)} zones, "
               f"{len(kb.devices)} devices, {len(kb.disagreements)} disagreements")


@knowledge_app.command("show")
def show(kind: str = typer.Argument(..., help=f"One of: {', '.join(KINDS)}."),
         as_json: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List the entries of one kind."""
    from mesoplan.core.i18n import N_
    from mesoplan.errors import UsageError
    from mesoplan.knowledge_check import listing
    from mesoplan.knowledge_loader import load_knowledge

    if kind not in KINDS:
        from mesoplan.core.intake_parser import closest

        fail(UsageError("KIND", N_("unknown kind '{value}'; expected one of {kinds}"), closest(kind, KINDS),
                        params={"value": kind, "kinds": ", ".join(KINDS)}))
    rows = listing(load_knowledge(), kind)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['id']:32} {row.get('summary', '')}")


@knowledge_app.command("coverage")
def coverage() -> None:
    """Which seed facts the knowledge base cites, and which not."""
    from mesoplan.core.knowledge import rule_grades
    from mesoplan.knowledge_check import citations
    from mesoplan.knowledge_loader import load_knowledge

    kb = load_knowledge()
    cited = citations(kb)
    for fact_id in sorted(kb.seed_facts):
        places = cited.get(fact_id, [])
        mark = "cited" if places else "NOT CITED"
        where = ", ".join(places[:4]) + (" …" if len(places) > 4 else "")
        typer.echo(f"{fact_id}  {mark:9}  {where}")
    n = sum(1 for f in kb.seed_facts if cited.get(f))
    typer.echo(f"seed facts cited: {n}/{len(kb.seed_facts)}")
    # How well the rules are graded (issue 13): D means only seed articles or makers', clinics' or
    # consumer pages stand behind a rule. The loader refuses a rule citing graded literature without a grade,
    # so "not graded" stays 0 for a base that loads; the line is kept for anyone reading the totals.
    grades = rule_grades(kb)
    rules = kb.all_rules()
    counts = ", ".join(f"{g} {sum(1 for r in rules if grades.get(r.id) == g)}" for g in "ABCD")
    ungraded = [r.id for r in rules if r.id not in grades]
    typer.echo(f"rules by evidence grade: {counts}, not graded {len(ungraded)}")
    if ungraded:
        typer.echo("not graded: " + ", ".join(ungraded))


@knowledge_app.command("messages")
def messages(out: str = typer.Option("-", "--out", help="Write the POT file here (default: standard output).")) -> None:
    """Every user-facing knowledge text as a gettext template, for translators."""
    from pathlib import Path

    from mesoplan.knowledge_loader import load_knowledge
    from mesoplan.knowledge_messages import pot

    text = pot(load_knowledge())
    if out == "-":
        typer.echo(text)
    else:
        Path(out).write_text(text, encoding="utf-8")
