"""The one exception tree of mesoplan.

Clinical outcomes ("wait until 3 March") are values, never exceptions. These
exceptions are for bad data and bugs, and each adapter (CLI, web pages, API)
translates them once into its own kind of message.
"""

from __future__ import annotations

from collections.abc import Mapping


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


class InputError(MesoplanError):
    """Something a person gave is invalid: names the field (or option) and what was expected.

    `problem` is the English text. Where the raise site gives `params`, the text it passed is a
    message id with `{placeholders}` (marked with `N_`), so an adapter can translate the id and
    fill in the values in the reader's language; `problem` is that id filled in English. `label`
    is the field as a person sees it ("Last dose of {name}" and its values), set by
    `services` from the data and the knowledge base; the path in `field` stays the contract's.
    """

    def __init__(self, field: str, problem: str, suggestions: tuple[str, ...] = (),
                 params: Mapping[str, object] | None = None) -> None:
        self.field = field
        self.message_id = problem
        self.params: dict[str, object] = dict(params or {})
        self.problem = _filled(problem, self.params)
        self.suggestions = suggestions
        self.label: tuple[str, Mapping[str, object]] | None = None
        hint = f" (did you mean: {', '.join(suggestions)}?)" if suggestions else ""
        super().__init__(f"{field}: {self.problem}{hint}")


def _filled(template: str, params: Mapping[str, object]) -> str:
    """The message id with its values as plain text (ISO dates, `0.5`): the English `problem`."""
    if not params:
        return template
    return template.format_map({k: _text(v) for k, v in params.items()})


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    text = getattr(value, "text", None)  # a nested message (the core's `Message`): its English text
    return text if isinstance(text, str) else str(value)


class IntakeError(InputError):
    """An intake (or another record a person gave: a diary entry, a bundle) is invalid."""


class UsageError(InputError):
    """A command was called wrongly (an option, an argument, a file it cannot read or write):
    names the option or argument and what was expected. Not about the intake itself."""


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
