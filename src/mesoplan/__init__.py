"""mesoplan: safe planning and tracking of microneedling and mesotherapy.

The public Python API. Everything else is private and may change; the
contract (shared/spec/contract.md) and these names are what programs rely on.
"""

from __future__ import annotations

from mesoplan.core.intake import Condition, Device, Intake, Medication, Person, Procedure
from mesoplan.core.knowledge import Knowledge
from mesoplan.core.screening import NeedleAdvice, Reason, ScreeningResult, ZoneResult, screen
from mesoplan.core.serialize import screening_data
from mesoplan.errors import IntakeError, KnowledgeError, MesoplanError
from mesoplan.knowledge_loader import load_knowledge
from mesoplan.services import parse_intake, screen_data

__version__ = "0.1.0"

__all__ = [
    "Condition",
    "Device",
    "Intake",
    "IntakeError",
    "Knowledge",
    "KnowledgeError",
    "Medication",
    "MesoplanError",
    "NeedleAdvice",
    "Person",
    "Procedure",
    "Reason",
    "ScreeningResult",
    "ZoneResult",
    "__version__",
    "load_knowledge",
    "parse_intake",
    "screen",
    "screen_data",
    "screening_data",
]
