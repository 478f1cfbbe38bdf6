"""Endpoints anyone may call: they store nothing. Screening and planning (contract §2–3), protocols,
the knowledge base's version, and a health check."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import orjson
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router

from mesoplan import services
from mesoplan.core import serialize
from mesoplan.web.api.intake_body import IntakeBody, PlanBody, body_of, read_intake, read_plan_request
from mesoplan.web.api.language import plan_texts, screening_texts
from mesoplan.web.api.problems import BAD_INPUT
from mesoplan.web.api.schemas import HealthOut, KnowledgeOut, PlanOut, ProtocolOut, ScreeningOut

router = Router(tags=["screening"])
JSON = "application/json; charset=utf-8"


def contract_json(data: dict[str, Any]) -> HttpResponse:
    """The contract's document exactly as `core.serialize` made it (the CLI's `--json` prints the same).

    Not re-validated through the response model on this hot path (the schemathesis test
    checks it against the schema), and encoded by orjson: the standard library's encoder
    took about a sixth of a screening request's time in the app.
    """
    return HttpResponse(orjson.dumps(data), content_type=JSON)


@router.get("/health", response=HealthOut, auth=None, operation_id="health", summary="Is the server up?")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


@router.post("/screen", auth=None, operation_id="screen", response={200: ScreeningOut, **BAD_INPUT},
             openapi_extra=body_of(IntakeBody), summary="Screen an intake (contract §2)")
def screen(request: HttpRequest) -> HttpResponse:
    result = services.screen_intake(read_intake(request))
    return contract_json(screening_texts(serialize.screening_data(result, services.knowledge()), result))


@router.post("/plan", auth=None, operation_id="plan", response={200: PlanOut, **BAD_INPUT}, by_alias=True,
             openapi_extra=body_of(PlanBody), summary="Plan a course for an intake (contract §3)")
def plan(request: HttpRequest) -> HttpResponse:
    intake, protocol = read_plan_request(request)
    made = services.plan_intake(intake, protocol, today=timezone.localdate())
    return contract_json(plan_texts(serialize.plan_data(made, services.knowledge()), made))


@router.get("/protocols", auth=None, operation_id="list_protocols", response=list[ProtocolOut],
            summary="Every protocol, in the knowledge base's order")
def protocols(request: HttpRequest) -> list[dict[str, Any]]:
    return services.protocols()


@router.get("/knowledge", auth=None, operation_id="knowledge", response=KnowledgeOut,
            summary="The knowledge base's version and size")
def knowledge(request: HttpRequest) -> dict[str, Any]:
    return knowledge_summary()


@lru_cache(maxsize=1)
def knowledge_summary() -> dict[str, Any]:
    kb = services.knowledge()
    counts = {"sources": len(kb.sources), "seed_facts": len(kb.seed_facts), "zones": len(kb.zones),
              "goals": len(kb.goals), "devices": len(kb.devices), "ingredients": len(kb.ingredients),
              "side_effects": len(kb.side_effects), "protocols": len(kb.protocols),
              "disagreements": len(kb.disagreements), "rules": len(kb.all_rules())}
    for category in ("condition", "medication", "procedure"):
        counts[f"{category}s"] = len(kb.ids(category))
    return {"version": kb.version, "counts": counts}
