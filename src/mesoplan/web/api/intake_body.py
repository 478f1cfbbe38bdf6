"""The intake (contract §1) as a request body: described by pydantic, checked by the core parser.

The pydantic models exist for the OpenAPI schema only (types, and the knowledge base's
ids as enums, so generated clients and schemathesis send sensible data; `COMPONENTS`).
The body itself is read by `read_intake`: orjson, then `services.parse_new_intake` alone,
so the API refuses exactly what the CLI refuses, with the same field paths
(`medications[1].stopped`), messages and closest ids — and a screening request pays
for one validation, not two (django-ninja's body machinery cost a sixth of it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Literal

import orjson
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from mesoplan import services
from mesoplan.core.i18n import N_
from mesoplan.core.intake import Intake
from mesoplan.errors import IntakeError
from mesoplan.web.api.problems import NO_BODY, NOT_JSON

_KB = services.knowledge()  # loaded once per process, as every adapter does


def one_of(ids: Iterable[str]) -> WithJsonSchema:
    """Schema of a string that must be one of the knowledge base's ids (checked by the parser)."""
    return WithJsonSchema({"type": "string", "enum": sorted(ids)})


ZoneId = Annotated[str, one_of(_KB.zones)]
GoalId = Annotated[str, one_of(_KB.goals)]
ConditionId = Annotated[str, one_of(_KB.ids("condition"))]
MedicationId = Annotated[str, one_of(_KB.ids("medication"))]
ProcedureId = Annotated[str, one_of(_KB.ids("procedure"))]
DeviceKind = Annotated[str, one_of(_KB.devices)]
SerumId = Annotated[str, one_of(i.id for i in _KB.ingredients.values() if i.serum)]
AllergenId = Annotated[str, one_of(_KB.ingredients)]
ProtocolId = Annotated[str, one_of(_KB.protocols)]
Zones = list[ZoneId] | None
Day = date | None


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class IntakePerson(Strict):
    age: Annotated[int, Field(ge=0, le=120)] | None = None
    sex: Literal["female", "male", "other"] | None = None
    fitzpatrick: Annotated[int, Field(ge=1, le=6)] | None = None
    pregnant: bool | None = None
    breastfeeding: bool | None = None


class IntakeCondition(Strict):
    id: ConditionId
    zones: Zones = None
    until: Day = Field(None, description="expected end; none means active now")
    since: Day = None
    note: Annotated[str, Field(max_length=500)] | None = Field(
        None, description="the person's own words (for `other_condition`: a professional must look at it)")


class IntakeMedication(Strict):
    id: MedicationId
    stopped: Day = Field(None, description="date of the last dose")
    until: Day = Field(None, description="planned last dose")
    prescribed: bool | None = None
    note: Annotated[str, Field(max_length=500)] | None = Field(
        None, description="the person's own words (for `other_medication`: a professional must look at it)")
    inr: Annotated[float, Field(gt=0, le=20)] | None = Field(
        None, description="the latest INR blood result (warfarin and the like), where one is recorded")


class IntakeProcedure(Strict):
    id: ProcedureId
    date: Day = None
    zones: Zones = None


class IntakeDevice(Strict):
    kind: DeviceKind
    needle_mm: Annotated[float, Field(gt=0, le=5)] | None = None
    needles: Annotated[int, Field(ge=1, le=5000)] | None = None
    first_used: Day = None
    uses: Annotated[int, Field(ge=0, le=100000)] | None = None


class IntakeBody(Strict):
    """The contract's intake. `start` is required: programs pass it explicitly; `zones` names at least one."""

    setting: Literal["home", "clinic"]
    start: date
    person: IntakePerson | None = None
    goals: list[GoalId] | None = None
    zones: Annotated[list[ZoneId], Field(min_length=1, description="the zones to treat: at least one")]
    conditions: list[IntakeCondition | ConditionId] | None = None
    medications: list[IntakeMedication | MedicationId] | None = None
    procedures: list[IntakeProcedure | ProcedureId] | None = None
    allergies: list[AllergenId] | None = None
    device: IntakeDevice | None = None
    serums: list[SerumId] | None = None


class PlanBody(IntakeBody):
    """The intake, and the protocol to plan with (the knowledge base's default for the setting when left out)."""

    protocol: ProtocolId | None = None


def _components(*models: type[BaseModel]) -> dict[str, Any]:
    """The models' JSON schemas, nested ones included, as OpenAPI components."""
    found: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        found.update(schema.pop("$defs", {}))
        found[model.__name__] = schema
    return found


COMPONENTS = _components(IntakeBody, PlanBody)


def body_of(model: type[BaseModel]) -> dict[str, Any]:
    """An operation's `openapi_extra`: its JSON body is `model` (one of COMPONENTS)."""
    schema = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def read_json(request: HttpRequest) -> Any:
    """The request's JSON body. Raises `HttpError` (400) when there is none or it is not JSON."""
    if not request.body:
        raise HttpError(400, NO_BODY)
    try:
        return orjson.loads(request.body)
    except orjson.JSONDecodeError:
        raise HttpError(400, NOT_JSON) from None


def read_intake(request: HttpRequest) -> Intake:
    """The intake the request's body holds, read by the core parser. Raises `IntakeError`, `HttpError`."""
    return services.parse_new_intake(read_json(request), timezone.localdate())


def read_plan_request(request: HttpRequest) -> tuple[Intake, str | None]:
    """The intake and the protocol id a plan request's body holds. Raises `IntakeError`, `HttpError`."""
    data = read_json(request)
    protocol = None
    if isinstance(data, dict) and "protocol" in data:
        data = dict(data)
        protocol = data.pop("protocol")
        if protocol is not None and not isinstance(protocol, str):
            raise services.labelled(IntakeError("protocol", N_("expected a protocol id")), data)
    return services.parse_new_intake(data, timezone.localdate()), protocol
