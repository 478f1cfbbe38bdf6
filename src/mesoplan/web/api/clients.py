"""A clinic's clients, for its staff: list, one client, their screening now, their record as FHIR.

Every row comes through `clinic.access`, as on the clinic's pages: another clinic's
client is 404, a role that does not reach is 403 (front desk sees clients but not
their clinical record). Reading one client, their screening or their record writes
an audit event, as the pages do.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from pydantic import BaseModel, Field

from mesoplan import services
from mesoplan.application.screening import screen_person
from mesoplan.core.serialize import screening_data
from mesoplan.exports.fhir import export_bundle
from mesoplan.web.api.auth import CLINIC_RECORDS
from mesoplan.web.api.paging import CURSOR_HELP, LINK_HEADER, PageQuery, keyset_page
from mesoplan.web.api.problems import PERSONAL, PERSONAL_ROW
from mesoplan.web.api.public import contract_json
from mesoplan.web.api.schemas import ErrorOut, ScreeningOut
from mesoplan.web.api.schemas_clients import FHIR_RESPONSE, ClientDetailOut, ClientOut
from mesoplan.web.clinic import access, audit, gate_store
from mesoplan.web.clinic.models import Client
from mesoplan.web.clinic.record_mapping import client_record

router = Router(tags=["clinic"], auth=CLINIC_RECORDS)


class ClientFilter(BaseModel):
    q: str = Field("", max_length=100, description="part of the client's name")
    limit: int = Field(100, ge=1, le=500)
    cursor: str = Field("", max_length=400, description=CURSOR_HELP)
    offset: int = Field(0, ge=0, le=10**9, description="rows to skip (after the cursor, if any); the `Link` "
                                                        "header's cursor is cheaper for the next page")


def _client_out(client: Client, clinical: bool) -> dict[str, Any]:
    """A client's row; the screening snapshot only for clinical staff of that clinic."""
    return {
        "id": client.pk, "organisation": client.organisation_id, "name": client.name,
        "birth_date": client.birth_date, "sex": client.sex or None, "has_intake": client.has_intake,
        "linked_account": client.user_id is not None,
        "verdict": (client.verdict or None) if clinical else None,
        "earliest_start": client.earliest_start if clinical else None,
        "screened_at": client.screened_at if clinical else None,
        "changed_at": client.changed_at if clinical else None,
    }


def _client(request: HttpRequest, pk: int, action: str) -> Client:
    """The client `pk` of the caller's clinics if their role there allows `action` (404 / 403 otherwise)."""
    client = access.member_or_404(request.user, Client, pk)
    access.for_request(request, client.organisation_id).require(action)
    return client


@router.get("/clients", response={200: list[ClientOut], **PERSONAL}, operation_id="list_clients",
            summary="Clients of your clinics, by name, a page at a time", openapi_extra=LINK_HEADER)
def list_clients(request: HttpRequest, response: HttpResponse, filters: Query[ClientFilter]) -> list[dict[str, Any]]:
    organisations = access.organisations_where(request.user, "see_clients")
    access.require(organisations.exists())  # as the clinic's own list page: for its staff only
    clinical = set(access.organisations_where(request.user, "see_clinical").values_list("pk", flat=True))
    rows = Client.objects.filter(organisation__in=organisations)
    if filters.q.strip():
        rows = rows.filter(name__icontains=" ".join(filters.q.split()).replace("\x00", ""))
    page = PageQuery.model_construct(limit=filters.limit, cursor=filters.cursor)  # its own limit, checked above
    return keyset_page(request, response, rows, ("name", "id"), page,
                       lambda c: _client_out(c, c.organisation_id in clinical), skip=filters.offset)


@router.get("/clients/{id}", response={200: ClientDetailOut, **PERSONAL_ROW}, operation_id="get_client",
            summary="One client")
def get_client(request: HttpRequest, id: int) -> dict[str, Any]:
    client = _client(request, id, "see_clients")
    clinical = access.for_request(request, client.organisation_id).can("see_clinical")
    audit.record(request.user, "view", client=client, detail="API: client")
    return {**_client_out(client, clinical), "email": client.email, "phone": client.phone,
            "intake": (client.intake or None) if clinical else None}


@router.get("/clients/{id}/screening", response={200: ScreeningOut, 422: ErrorOut, **PERSONAL_ROW},
            operation_id="screen_client",
            summary="The client's screening as the client's page shows it (contract §2): the intake as on the "
                    "day it was taken, with the clinic's policy; clinical staff only")
def client_screening(request: HttpRequest, id: int) -> HttpResponse:
    client = _client(request, id, "see_clinical")
    person = gate_store.person_of(client)  # IntakeError (field `intake`) without an intake
    answer = screening_data(screen_person(person), person.knowledge)
    audit.record(request.user, "view", client=client, detail="API: screening")
    return contract_json(answer)


@router.get("/clients/{id}/fhir", response=PERSONAL_ROW, openapi_extra=FHIR_RESPONSE, operation_id="client_fhir",
            summary="The client's record as a FHIR R4B Bundle; clinical staff only")
def client_fhir(request: HttpRequest, id: int) -> HttpResponse:
    client = _client(request, id, "export")
    data = export_bundle(client_record(client), services.knowledge())
    audit.record(request.user, "export", client=client, detail="FHIR R4B bundle (API)")
    return HttpResponse(data, content_type="application/fhir+json")
