"""The diary of the caller: devices, sessions and reactions (list, add, read, replace, delete), and alerts.

No `from __future__ import annotations` here: django-ninja reads the endpoints'
annotations at runtime, and those made inside `crud` name its local types.
"""

from collections.abc import Callable
from types import GenericAlias
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError

from mesoplan import services
from mesoplan.core.i18n import N_
from mesoplan.core.tracking_reactions import flag_level
from mesoplan.web.api import diary_schemas as s
from mesoplan.web.api.auth import PERSONAL_DIARY
from mesoplan.web.api.form_errors import first_form_error
from mesoplan.web.api.paging import LINK_HEADER, PageQuery, keyset_page, list_page
from mesoplan.web.api.problems import PERSONAL, PERSONAL_ROW
from mesoplan.web.api.schemas import ErrorOut
from mesoplan.web.diary import flag_forms, forms, review
from mesoplan.web.front.alerts import alert_text, alert_title
from mesoplan.web.records import access, flags
from mesoplan.web.records.models import Device, Reaction, Session

router = Router(tags=["diary"], auth=PERSONAL_DIARY)  # a clinic token never writes a personal diary


def _mm(value: Any) -> float | None:
    return float(value) if value is not None else None


def device_out(d: Device) -> dict[str, Any]:
    return {"id": d.pk, "kind": d.kind, "label": d.label, "needle_mm": _mm(d.needle_mm), "first_used": d.first_used,
            "uses_before": d.uses_before, "last_sanitised": d.last_sanitised, "retired_on": d.retired_on}


def session_out(x: Session) -> dict[str, Any]:
    return {"id": x.pk, "date": x.date, "setting": x.setting, "zones": list(x.zones), "device": x.device_id,
            "needle_mm": _mm(x.needle_mm), "passes": x.passes, "serum": x.serum or None, "outcome": x.outcome,
            "notes": x.notes}


def reaction_out(r: Reaction) -> dict[str, Any]:
    return {"id": r.pk, "session": r.session_id, "date": r.date, "symptom": r.symptom, "severity": r.severity,
            "notes": r.notes, "flag": flag_out(r)}


def flag_out(r: Reaction) -> dict[str, Any] | None:
    kb = services.knowledge()
    if not flags.is_flag(r, kb):
        return None
    effect = kb.side_effects[r.symptom]
    return {"status": r.flag_status, "level": flag_level(effect), "seen_lifts_block": effect.seen_lifts_block,
            "seen_on": r.flag_seen_on, "seen_note": r.flag_seen_note, "resolved_on": r.flag_resolved_on,
            "resolved_by": r.flag_resolved_by, "resolved_note": flags.resolved_note(r)}


def person(request: HttpRequest) -> Any:
    """The caller, as the API's authentication found them (a token's owner or the session's user)."""
    return request.user


def save(form_class: type[forms.OwnedForm], body: s.Body, user: Any, instance: models.Model | None) -> Any:
    """Check `body` with the diary page's own form and save it; the first problem → `IntakeError` (422)."""
    form = form_class(data=body.form_data(), owner=user, instance=instance)
    if not form.is_valid():
        raise first_form_error(form)
    with transaction.atomic():
        row = form.save(commit=False)
        row.owner = user
        row.save()
    return row


def crud(name: str, model: type[models.Model], form_class: type[forms.OwnedForm], body_type: type[s.Body],
         out_type: type[Any], out: Callable[[Any], dict[str, Any]], order: tuple[str, ...]) -> None:
    """The five endpoints of one kind of diary entry, at `/name` and `/name/{id}`; the list a page at a
    time in `order` (its last field unique)."""
    what = name.rstrip("s")

    @router.get(f"/{name}", response={200: GenericAlias(list, out_type), **PERSONAL}, operation_id=f"list_{name}",
                summary=f"Your {name}, a page at a time", openapi_extra=LINK_HEADER)
    def list_rows(request: HttpRequest, response: HttpResponse, page: Query[PageQuery]) -> list[dict[str, Any]]:
        rows = model._default_manager.filter(owner=person(request))
        return keyset_page(request, response, rows, order, page, out)

    @router.post(f"/{name}", response={201: out_type, **PERSONAL}, operation_id=f"add_{what}",
                 summary=f"Add a {what}")
    def add(request: HttpRequest, payload: body_type) -> Status[dict[str, Any]]:  # type: ignore[valid-type]
        return Status(201, out(save(form_class, payload, person(request), None)))

    @router.get(f"/{name}/{{id}}", response={200: out_type, **PERSONAL_ROW}, operation_id=f"get_{what}",
                summary=f"One of your {name}")
    def get(request: HttpRequest, id: int) -> dict[str, Any]:
        return out(access.owned_or_404(model, person(request), id))

    @router.put(f"/{name}/{{id}}", response={200: out_type, **PERSONAL_ROW}, operation_id=f"replace_{what}",
                summary=f"Replace one of your {name}")
    def replace(request: HttpRequest, id: int, payload: body_type) -> dict[str, Any]:  # type: ignore[valid-type]
        row = access.owned_or_404(model, person(request), id)
        return out(save(form_class, payload, person(request), row))

    @router.delete(f"/{name}/{{id}}", response={204: None, **PERSONAL_ROW}, operation_id=f"delete_{what}",
                   summary=f"Delete one of your {name}")
    def delete(request: HttpRequest, id: int) -> HttpResponse:
        access.owned_or_404(model, person(request), id).delete()
        return HttpResponse(status=204)


# Newest first; devices by the order they were added (the id), sessions and reactions by their day.
crud("devices", Device, forms.DeviceForm, s.DeviceIn, s.DeviceOut, device_out, ("-id",))
crud("sessions", Session, forms.SessionForm, s.SessionIn, s.SessionOut, session_out, ("-date", "-id"))
crud("reactions", Reaction, forms.ReactionForm, s.ReactionIn, s.ReactionOut, reaction_out, ("-date", "-id"))


@router.get("/alerts", response={200: list[s.AlertOut], **PERSONAL}, operation_id="list_alerts",
            summary="What needs attention in your diary, urgent first, a page at a time", openapi_extra=LINK_HEADER)
def alerts(request: HttpRequest, response: HttpResponse, page: Query[PageQuery]) -> list[dict[str, Any]]:
    found = list_page(request, response, review.alerts(person(request), timezone.localdate()), page)
    return [{"kind": a.kind, "level": a.level, "date": a.date, "title": alert_title(a),
             "message": alert_text(a), "sources": list(a.sources)} for a in found]


NOT_A_FLAG = N_("this reaction is not a warning sign: it has no steps to record")
ALREADY_CLOSED = N_("this warning sign is already closed")


def _open_flag(request: HttpRequest, id: int) -> Reaction:
    """The caller's own red flag not yet closed: 404 for anyone else's, 409 for one without steps to record."""
    reaction: Reaction = access.owned_or_404(Reaction, person(request), id)
    if not flags.is_flag(reaction):
        raise HttpError(409, NOT_A_FLAG)
    if reaction.flag_status == "resolved":
        raise HttpError(409, ALREADY_CLOSED)
    return reaction


def _checked(form: flag_forms.FlagStepForm) -> dict[str, Any]:
    """The step's values as the page's form checks them; the first problem → `IntakeError` (422)."""
    if not form.is_valid():
        raise first_form_error(form)
    return form.cleaned_data


@router.post("/reactions/{id}/seen", response={200: s.ReactionOut, **PERSONAL_ROW, 409: ErrorOut},
             operation_id="flag_seen", summary="Record that a doctor saw this red flag")
def flag_seen(request: HttpRequest, id: int, payload: s.FlagSeenIn) -> dict[str, Any]:
    reaction = _open_flag(request, id)
    data = _checked(flag_forms.FlagSeenForm(data=payload.form_data(), reaction=reaction))
    flags.record_seen(reaction, data["seen_on"], data["note"])
    return reaction_out(reaction)


@router.post("/reactions/{id}/resolved", response={200: s.ReactionOut, **PERSONAL_ROW, 409: ErrorOut},
             operation_id="flag_resolved", summary="Record that a doctor or practitioner closed this red flag")
def flag_resolved(request: HttpRequest, id: int, payload: s.FlagResolvedIn) -> dict[str, Any]:
    reaction = _open_flag(request, id)
    data = _checked(flag_forms.FlagResolvedForm(data=payload.form_data(), reaction=reaction))
    flags.record_resolved(reaction, data["resolved_on"], data["by"], data["note"])
    return reaction_out(reaction)
