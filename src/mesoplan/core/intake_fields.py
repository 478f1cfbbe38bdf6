"""An intake's field path (`medications[1].stopped`) → the field as a person sees it.

Errors keep the contract's path for programs; people read "Last dose of Isotretinoin". The
label is a message id with its values, so each adapter writes it in the reader's language.
A list entry is named by what it is (the knowledge base's name of its id) when the data
names a known one, else by its place in the list ("Medicine 2").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from mesoplan.core.i18n import N_
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.plan_model import Message

Label = tuple[str, dict[str, object]]

# The path with list positions written `[]` → the label; `{name}` is the entry's name.
LABELS: Mapping[str, str] = MappingProxyType({
    "intake": N_("Your answers"),
    "INTAKE": N_("The intake file"),
    "setting": N_("Who will do it"),
    "start": N_("First session"),
    "zones": N_("Areas to treat"),
    "zones[]": N_("Areas to treat"),
    "goals": N_("What to improve"),
    "goals[]": N_("What to improve"),
    "allergies": N_("Allergies"),
    "allergies[]": N_("Allergies"),
    "serums": N_("Serums"),
    "serums[]": N_("Serums"),
    "person": N_("About you"),
    "person.age": N_("Age"),
    "person.sex": N_("Sex"),
    "person.fitzpatrick": N_("Skin type"),
    "person.pregnant": N_("Pregnant"),
    "person.breastfeeding": N_("Breastfeeding"),
    "conditions": N_("Conditions"),
    "conditions[]": N_("Condition {n}"),
    "conditions[].id": N_("Condition {n}"),
    "conditions[].until": N_("End of {name}"),
    "conditions[].since": N_("Start of {name}"),
    "conditions[].zones": N_("Areas of {name}"),
    "conditions[].zones[]": N_("Areas of {name}"),
    "medications": N_("Medicines and supplements"),
    "medications[]": N_("Medicine {n}"),
    "medications[].id": N_("Medicine {n}"),
    "medications[].stopped": N_("Last dose of {name}"),
    "medications[].until": N_("Planned last dose of {name}"),
    "medications[].prescribed": N_("{name}: prescribed"),
    "procedures": N_("Other procedures"),
    "procedures[]": N_("Procedure {n}"),
    "procedures[].id": N_("Procedure {n}"),
    "procedures[].date": N_("Date of {name}"),
    "procedures[].zones": N_("Areas of {name}"),
    "procedures[].zones[]": N_("Areas of {name}"),
    "device": N_("Device"),
    "device.kind": N_("Device"),
    "device.needle_mm": N_("Needle length"),
    "device.needles": N_("Number of needles"),
    "device.first_used": N_("Device first used on"),
    "device.uses": N_("Times the device was used"),
    "protocol": N_("Protocol"),
})
_POSITION = re.compile(r"\[(\d+)\]")
_ENTRY = re.compile(r"^(conditions|medications|procedures)\[(\d+)\]")


def field_label(path: str, data: object, knowledge: Knowledge) -> Label | None:
    """The label of `path` in `data` (the intake as given), or None for a path it does not know."""
    label = LABELS.get(_POSITION.sub("[]", path))
    if label is None:
        return None
    entry = _ENTRY.match(path)
    if entry is None:
        return label, {}
    position = int(entry.group(2))
    return label, {"n": position + 1, "name": _entry_name(data, entry.group(1), position, knowledge)}


def _entry_name(data: object, list_name: str, position: int, knowledge: Knowledge) -> object:
    items: Any = data.get(list_name) if isinstance(data, Mapping) else None
    item = items[position] if isinstance(items, list) and position < len(items) else None
    entry_id = item.get("id") if isinstance(item, Mapping) else item
    known = knowledge.vocabulary.get(entry_id) if isinstance(entry_id, str) else None
    if known is not None:
        return known.name
    return Message(ENTRY_NAMES[list_name], {"n": position + 1})


ENTRY_NAMES = MappingProxyType({"conditions": N_("condition {n}"), "medications": N_("medicine {n}"),
               "procedures": N_("procedure {n}")})
