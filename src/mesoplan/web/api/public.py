"""Endpoints anyone may call: they store nothing. Screening and planning (contract §2–3), protocols,
the knowledge base's version, and a health check.

All but the health check are throttled per address (`api/throttle.py`); the health check is not,
so that a monitor or a load balancer probing it is never refused, and it costs no database write."""

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
from mesoplan.web.api.problems import ANONYMOUS
from mesoplan.web.api.schemas import ErrorOut, HealthOut, KnowledgeOut, PlanOut, ProtocolOut, ScreeningOut
from mesoplan.web.api.throttle import ANONYMOUS as THROTTLE

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


@router.post("/screen", auth=None, throttle=THROTTLE, operation_id="screen",
             response={200: ScreeningOut, **ANONYMOUS}, openapi_extra=body_of(IntakeBody),
             summary="Screen an intake (contract §2)")
def screen(request: HttpRequest) -> HttpResponse:
    result = services.screen_intake(read_intake(request))
    return contract_json(screening_texts(serialize.screening_data(result, services.knowledge()), result))


@router.post("/plan", auth=None, throttle=THROTTLE, operation_id="plan", response={200: PlanOut, **ANONYMOUS},
             by_alias=True, openapi_extra=body_of(PlanBody), summary="Plan a course for an intake (contract §3)")
def plan(request: HttpRequest) -> HttpResponse:
    intake, protocol = read_plan_request(request)
    made = services.plan_intake(intake, protocol, today=timezone.localdate())
    return contract_json(plan_texts(serialize.plan_data(made, services.knowledge()), made))


@router.get("/protocols", auth=None, throttle=THROTTLE, operation_id="list_protocols",
            response={200: list[ProtocolOut], 429: ErrorOut},
            summary="Every protocol, in the knowledge base's order")
def protocols(request: HttpRequest) -> list[dict[str, Any]]:
    return services.protocols()


@router.get("/knowledge", auth=None, throttle=THROTTLE, operation_id="knowledge",
            response={200: KnowledgeOut, 429: ErrorOut},
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
