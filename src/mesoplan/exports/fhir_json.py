"""Reading a FHIR R4B Bundle from anywhere: parse, validate, and read values with their paths.

Every failure is an `IntakeError` whose `field` names the place in the bundle,
such as `entry[3].resource.bodySite[0]`: never a JSON, pydantic or key error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any, Final, NoReturn, cast

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from mesoplan.core.i18n import N_
from mesoplan.errors import IntakeError
from mesoplan.exports.fhir_codes import Json, check_bindings, extension_url, identifier_system, invalid

TYPES: Final = ("AdverseEvent", "AllergyIntolerance", "CarePlan", "Condition", "Consent", "Device", "Goal",
                "Medication", "MedicationStatement", "Observation", "Patient", "Procedure")
SEXES: Final = ("female", "male", "other")
DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def fail(path: str, problem: str, suggestions: tuple[str, ...] = (), **params: object) -> NoReturn:
    """Raise the `IntakeError` for one place in the bundle: `problem` a message id marked with `N_`,
    filled with `params` (the bundle's own names, such as `{url}`, stay as written)."""
    raise IntakeError(path, problem, suggestions, params)


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def validated(data: bytes) -> Json:
    """The bundle, validated by fhir.resources as R4B and written out again in R4B's own JSON.

    Raises:
        IntakeError: not JSON, not a collection Bundle, a resource type the mapping
            does not use, an element R4B does not have, or a status outside its value set.
    """
    try:
        raw = json.loads(data, parse_constant=_no_constant)
    except (ValueError, TypeError, RecursionError) as error:  # decoding errors are ValueErrors
        fail("bundle", N_("not JSON: {reason}"), reason=str(error))
    if not isinstance(raw, dict) or raw.get("resourceType") != "Bundle":
        fail("resourceType", N_("expected a FHIR Bundle"))
    if raw.get("type") != "collection":
        fail("type", N_("expected a bundle of type collection"))
    entries = raw.get("entry")
    if not isinstance(entries, list):
        fail("entry", N_("expected the bundle's entries"))
    if not entries:
        fail("entry", N_("the bundle is empty: expected the client's record (a Patient, a CarePlan and the rest)"))
    for i, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or resource.get("resourceType") not in TYPES:
            fail(f"entry[{i}].resource.resourceType", N_("expected one of: {resource}"), resource=", ".join(TYPES))
    try:
        model = Bundle.model_validate(raw)
    except ValidationError as error:
        raise invalid(error) from None
    except Exception as error:  # fhir.resources raises KeyError on unknown nested types: still bad input
        fail("bundle", N_("not a FHIR R4B Bundle: {reason}"), reason=repr(error))
    # Read the model's own JSON: numbers as numbers and dates as FHIR writes them, whatever the input did.
    normal: Json = json.loads(model.model_dump_json())
    check_bindings(normal)
    return normal


def references(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every `reference` in a bundle (JSON data), with its path."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield f"{path}.{key}", item
            else:
                yield from references(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from references(item, f"{path}[{i}]")


class Node:
    """A JSON object of the bundle and its path; every read checks the value and names the path."""

    def __init__(self, data: Any, path: str) -> None:
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def get(self, key: str) -> Node | None:
        return Node(self.data[key], self.at(key)) if isinstance(self.data.get(key), dict) else None

    def need(self, key: str) -> Node:
        node = self.get(key)
        return node if node is not None else fail(self.at(key), N_("missing"))

    def items(self, key: str) -> list[Node]:
        value = self.data.get(key)
        return [Node(item, f"{self.at(key)}[{i}]") for i, item in enumerate(value)] if isinstance(value, list) else []

    def value(self, key: str, kind: type | tuple[type, ...], what: str, required: bool) -> Any:
        value = self.data.get(key)
        if value is None:
            return fail(self.at(key), N_("missing: expected {what}"), what=what) if required else None
        if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
            fail(self.at(key), N_("expected {what}"), what=what)
        return value

    def text(self, key: str, required: bool = False) -> str | None:
        return cast(str | None, self.value(key, str, N_("a text"), required))

    def integer(self, key: str, required: bool = False) -> int | None:
        number = self.value(key, (int, float), N_("a whole number"), required)
        if number is not None and number != int(number):
            fail(self.at(key), N_("expected a whole number"))
        return None if number is None else int(number)

    def number(self, key: str, required: bool = False) -> float | None:
        number = self.value(key, (int, float), N_("a number"), required)
        return None if number is None else float(number)

    def boolean(self, key: str, required: bool = False) -> bool | None:
        return cast(bool | None, self.value(key, bool, N_("true or false"), required))

    def day(self, key: str, required: bool = False) -> dt.date | None:
        value = self.text(key, required)
        if value is None:
            return None
        if not DAY.fullmatch(value):
            fail(self.at(key), N_("expected a date as YYYY-MM-DD"))
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            fail(self.at(key), N_("expected a date as YYYY-MM-DD"))

    def moment(self, key: str, required: bool = False) -> dt.datetime | None:
        value = self.text(key, required)
        if value is None:
            return None
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            moment = None
        if moment is None or "T" not in value or moment.utcoffset() is None:
            fail(self.at(key), N_("expected a date-time with a time zone"))
        return moment

    def extensions(self, name: str) -> list[Node]:
        return [e for e in self.items("extension") if e.data.get("url") == extension_url(name)]

    def extension(self, name: str) -> Node | None:
        found = self.extensions(name)
        return found[0] if found else None

    def identifier(self, name: str, required: bool = True) -> str | None:
        for ident in self.items("identifier"):
            if ident.data.get("system") == identifier_system(name):
                return ident.text("value", required=True)
        if required:
            fail(self.at("identifier"), N_("missing: expected an identifier of {system}"),
                 system=identifier_system(name))
        return None


def millimetres(node: Node) -> float:
    """The length in mm of an extension's `valueQuantity`."""
    quantity = node.need("valueQuantity")
    if quantity.data.get("unit") != "mm":
        fail(quantity.at("unit"), N_("expected mm"))
    return cast(float, quantity.number("value", required=True))

