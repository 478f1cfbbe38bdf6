"""The intake (contract §1) as a request body: described by pydantic, checked by the core parser.

The pydantic fields exist for the OpenAPI schema (types, and the knowledge base's ids
as enums, so generated clients and schemathesis send sensible data). Checking is left
to `services.parse_intake` alone, through a wrap validator that never calls pydantic's
own field validation: the API then refuses exactly what the CLI refuses, with the same
field paths (`medications[1].stopped`), messages and closest ids. `IntakeError` is not
a `ValueError`, so pydantic lets it through to the API's handler untouched.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)

from mesoplan import services
from mesoplan.core.intake import Intake
from mesoplan.errors import IntakeError

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


class IntakeMedication(Strict):
    id: MedicationId
    stopped: Day = Field(None, description="date of the last dose")
    until: Day = Field(None, description="planned last dose")
    prescribed: bool | None = None


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
    """The contract's intake. `start` is required: programs pass it explicitly."""

    setting: Literal["home", "clinic"]
    start: date
    person: IntakePerson | None = None
    goals: list[GoalId] | None = None
    zones: Zones = None
    conditions: list[IntakeCondition | ConditionId] | None = None
    medications: list[IntakeMedication | MedicationId] | None = None
    procedures: list[IntakeProcedure | ProcedureId] | None = None
    allergies: list[AllergenId] | None = None
    device: IntakeDevice | None = None
    serums: list[SerumId] | None = None

    _intake: Intake | None = PrivateAttr(None)

    @property
    def intake(self) -> Intake:
        """The intake as the core parser read it."""
        assert self._intake is not None  # set by the validator, the only way these bodies are made
        return self._intake

    @model_validator(mode="wrap")
    @classmethod
    def _parse_with_the_core(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        intake, others = cls._split(data)
        body = cls.model_construct(**others)
        body._intake = services.parse_intake(intake)
        return body

    @classmethod
    def _split(cls, data: Any) -> tuple[Any, dict[str, Any]]:
        """The intake part of the body, and the other fields (none here)."""
        return data, {}


class PlanBody(IntakeBody):
    """The intake, and the protocol to plan with (the knowledge base's default for the setting when left out)."""

    protocol: ProtocolId | None = None

    @classmethod
    def _split(cls, data: Any) -> tuple[Any, dict[str, Any]]:
        if not isinstance(data, dict) or "protocol" not in data:
            return data, {}
        intake = dict(data)
        protocol = intake.pop("protocol")
        if protocol is not None and not isinstance(protocol, str):
            raise IntakeError("protocol", "expected a protocol id")
        return intake, {"protocol": protocol}
