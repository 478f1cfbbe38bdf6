"""Writing a clinic's record through the API: intake, sessions (draft, sign), reactions, clearances —
through the same gate and the same use cases as the clinic's pages.

A token request never meets the CSRF page (django-ninja's views are exempt; a browser session
sends its CSRF token, as for the diary). Every refusal is the API's JSON: the gate's refusal is a
409 whose `findings` say why, one by one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from mesoplan import services
from mesoplan.core.gate import Finding, GateAnswer
from mesoplan.core.i18n import N_
from mesoplan.errors import IntakeError
from mesoplan.web.api.auth import CLINIC_RECORDS
from mesoplan.web.api.form_errors import first_form_error, labelled
from mesoplan.web.api.intake_body import IntakeBody, body_of, read_json
from mesoplan.web.api.problems import PERSONAL_ROW
from mesoplan.web.api.schemas import ErrorOut
from mesoplan.web.api.schemas_clinic_write import (
    ClinicClearanceIn,
    ClinicClearanceOut,
    ClinicReactionIn,
    ClinicSessionIn,
    ClinicSessionOut,
    ClinicSignIn,
    GateOut,
    RefusedOut,
)
from mesoplan.web.clinic import access, audit, charting, clients, gate_store
from mesoplan.web.clinic.clients import display_name
from mesoplan.web.clinic.forms.charting import ProductRowForm, ZoneRowForm
from mesoplan.web.clinic.forms.sessions import ReactionForm
from mesoplan.web.clinic.models import Client, ClinicSession, Location
from mesoplan.web.clinic.views.clearance import consult_findings
from mesoplan.web.clinic.views.common import signed_in
from mesoplan.web.front.gate_view import finding_text

router = Router(tags=["clinic"], auth=CLINIC_RECORDS)
WRITE = {**PERSONAL_ROW, 409: RefusedOut}


def _client(request: HttpRequest, pk: int, action: str) -> Client:
    client = access.member_or_404(request.user, Client, pk)
    access.for_request(request, client.organisation_id).require(action)
    return client


def finding_out(f: Finding) -> dict[str, Any]:
    return {"need": f.need, "kind": f.kind, "rule": f.rule, "message": finding_text(f), "until": f.until,
            "zones": list(f.zones) if f.zones is not None else None, "sources": list(f.sources)}


def _chart(client: Client, body: ClinicSessionIn, user: Any) -> charting.Chart:
    """The body checked as the charting page checks its form; the first problem → `IntakeError` (422)."""
    if body.date > timezone.localdate():
        future = N_("this date is in the future: chart a session on or after the day it happened")
        raise labelled(IntakeError("date", future), N_("Date"))
    lines = []
    for i, z in enumerate(body.zones):
        if z.zone not in services.knowledge().zones:
            raise labelled(IntakeError(f"zones[{i}].zone", N_("unknown zone")), N_("Zones treated"))
        form = ZoneRowForm(data={"device_kind": z.device_kind, "needle_mm": "" if z.needle_mm is None else z.needle_mm,
                                 "passes": "" if z.passes is None else z.passes})
        if not form.is_valid():
            raise first_form_error(form, f"zones[{i}]")
        data = form.cleaned_data
        lines.append(charting.ZoneLine(z.zone, data["device_kind"], data["needle_mm"], data["passes"]))
    products = []
    for i, p in enumerate(body.products):
        product = ProductRowForm(data={"ingredient": p.ingredient, "product_name": p.product_name, "lot": p.lot,
                                    "expiry": p.expiry.isoformat() if p.expiry else ""})
        if not product.is_valid():
            raise first_form_error(product, f"products[{i}]")
        if p.expiry is not None and p.expiry < body.date:
            expired = N_("the product had expired on the day of the session")
            raise labelled(IntakeError(f"products[{i}].expiry", expired), N_("Expiry"))
        data = product.cleaned_data
        products.append(charting.ProductLine(data["ingredient"], data["product_name"], data["lot"], data["expiry"]))
    locations = Location.objects.filter(organisation=client.organisation)
    location = None
    if body.location is not None:
        location = locations.filter(pk=body.location).first()
        if location is None:
            raise labelled(IntakeError("location", N_("not one of the clinic's locations")), N_("Location"))
    elif locations.exists():
        raise labelled(IntakeError("location", N_("required: choose one of the clinic's locations")), N_("Location"))
    return charting.Chart(body.date, body.procedure, location, user, body.anaesthetic, body.notes, lines, products)


def session_out(s: ClinicSession) -> dict[str, Any]:
    return {"id": s.pk, "client": s.client_id, "date": s.date, "procedure": s.procedure, "signed": s.is_signed,
            "signed_at": s.signed_at, "screening_digest": s.screening_digest, "clearance": s.clearance_id}


def _gate_out(answer: GateAnswer, client: Client) -> dict[str, Any]:
    clearance = gate_store.latest_clearance(client)
    cleared = frozenset(clearance.rules) if clearance is not None else frozenset()
    return {"allowed": answer.allows(cleared, acknowledged=True),
            "findings": [finding_out(f) for f in answer.findings]}


@router.post("/clients/{id}/gate", response={200: GateOut, **WRITE}, operation_id="ask_gate",
             summary="What the screening allows for a proposed session of the client (nothing is stored)")
def ask_gate(request: HttpRequest, id: int, body: ClinicSessionIn) -> dict[str, Any]:
    client = _client(request, id, "chart")
    return _gate_out(charting.gate_answer(client, _chart(client, body, request.user)), client)


@router.post("/clients/{id}/sessions", response={201: ClinicSessionOut, **WRITE}, operation_id="chart_session",
             summary="Chart a draft session; the gate refuses what the screening rules out (409)")
def chart_session(request: HttpRequest, id: int, body: ClinicSessionIn) -> Status[dict[str, Any]]:
    client = _client(request, id, "chart")
    saved = charting.save(client, _chart(client, body, request.user), request.user)
    return Status(201, session_out(saved))


@router.post("/sessions/{id}/sign", response={200: ClinicSessionOut, **WRITE}, operation_id="sign_session",
             summary="Sign a draft: consent on file, nothing blocking, a consult cleared, cautions acknowledged")
def sign_session(request: HttpRequest, id: int, body: ClinicSignIn) -> dict[str, Any]:
    session = access.member_or_404(request.user, ClinicSession, id)
    access.for_request(request, session.client.organisation_id).require("sign")
    charting.sign(session, request.user, timezone.now(), acknowledged=body.acknowledge)
    session.refresh_from_db()
    return session_out(session)


@router.put("/clients/{id}/intake", response={200: dict[str, Any], **WRITE}, operation_id="set_intake",
            openapi_extra=body_of(IntakeBody),
            summary="Take the client's intake (contract §1); answers the screening as the client's page shows it")
def set_intake(request: HttpRequest, id: int) -> dict[str, Any]:
    client = _client(request, id, "edit_intake")
    data = read_json(request)
    if not isinstance(data, dict):
        raise IntakeError("", N_("expected the intake as a JSON object"))
    services.parse_new_intake(data, timezone.localdate(), timezone.localdate())  # no impossible answers in new input
    clients.set_intake(client, data, request.user, timezone.now())  # IntakeError: nothing stored
    return {"verdict": client.verdict, "earliest_start": client.earliest_start}


@router.post("/clients/{id}/reactions", response={201: dict[str, Any], **WRITE}, operation_id="log_clinic_reaction",
             summary="Log a reaction the client reported; a red flag holds every new session until resolved")
def log_reaction(request: HttpRequest, id: int, body: ClinicReactionIn) -> Status[dict[str, Any]]:
    client = _client(request, id, "log_reaction")
    form = ReactionForm(data={**body.model_dump(exclude_none=True), "date": body.date.isoformat()}, client=client)
    if not form.is_valid():
        raise first_form_error(form, "reaction")
    with transaction.atomic():
        reaction = form.save(commit=False)
        reaction.client, reaction.logged_by = client, request.user
        reaction.save()
        audit.record(request.user, "create", client=client, detail=f"reaction {reaction.symptom} (API)")
    return Status(201, {"id": reaction.pk, "red_flag": any(r.pk == reaction.pk
                                                          for r in gate_store.open_flag_rows(client))})


@router.post("/clients/{id}/clearance", response={201: ClinicClearanceOut, **WRITE}, operation_id="record_clearance",
             summary="Record who cleared a consult client; it covers the consult reasons of the screening now")
def record_clearance(request: HttpRequest, id: int, body: ClinicClearanceIn) -> Status[dict[str, Any]]:
    client = _client(request, id, "clear")
    if body.cleared_on > timezone.localdate():
        raise labelled(IntakeError("cleared_on", N_("this date is in the future")), N_("cleared on"))
    findings = consult_findings(client) if client.intake else []
    if not findings:
        raise IntakeError("", N_("the screening asks for no clearance for this client"))
    with transaction.atomic():
        row = client.clearances.create(rules=sorted({f.rule for f in findings}), cleared_by=body.cleared_by,
                                       role=body.role, cleared_on=body.cleared_on, note=body.note,
                                       recorded_by=signed_in(request), recorded_by_name=display_name(request.user))
        audit.record(request.user, "clear", client=client, detail=f"cleared by {row.cleared_by} (API)")
    return Status(201, {"id": row.pk, "client": client.pk, "rules": row.rules, "cleared_by": row.cleared_by,
                        "role": row.role, "cleared_on": row.cleared_on})


__all__ = ["ErrorOut", "router"]
