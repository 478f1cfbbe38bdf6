"""The one exception tree of mesoplan.

Clinical outcomes ("wait until 3 March") are values, never exceptions. These
exceptions are for bad data and bugs, and each adapter (CLI, web pages, API)
translates them once into its own kind of message.
"""

from __future__ import annotations


class MesoplanError(Exception):
    """Root of every error mesoplan raises on purpose."""


class KnowledgeError(MesoplanError):
    """A knowledge-base file is broken: names the file, the entry and the key."""

    def __init__(self, file: str, entry: str, key: str, problem: str) -> None:
        self.file = file
        self.entry = entry
        self.key = key
        self.problem = problem
        super().__init__(f"{file}: entry {entry!r}, key {key!r}: {problem}")


class IntakeError(MesoplanError):
    """An intake (or another input) is invalid: names the field path and what was expected."""

    def __init__(self, field: str, problem: str, suggestions: tuple[str, ...] = ()) -> None:
        self.field = field
        self.problem = problem
        self.suggestions = suggestions
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        super().__init__(f"{field}: {problem}{hint}")


class UsageError(MesoplanError):
    """A command was called wrongly (an option, an argument, a file it cannot read or write):
    names the option or argument and what was expected. Not about the intake itself."""

    def __init__(self, field: str, problem: str, suggestions: tuple[str, ...] = ()) -> None:
        self.field = field
        self.problem = problem
        self.suggestions = suggestions
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        super().__init__(f"{field}: {problem}{hint}")


class ActionRefusedError(MesoplanError):
    """The gate refused an action (a session planned, booked, charted or signed): `findings` say why.

    The findings are the gate's values (`mesoplan.core.gate.Finding`); each adapter shows them
    translated, next to the action that was refused.
    """

    def __init__(self, findings: tuple[object, ...],
                 problem: str = "the screening does not allow this session") -> None:
        self.findings = findings
        self.problem = problem
        super().__init__(problem)
