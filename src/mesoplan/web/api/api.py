"""The `NinjaAPI`: OpenAPI at /api/openapi.json, interactive docs at /api/docs (served locally,
no CDN: `ninja` is an installed app, so its own Swagger UI files are used).

Authentication is the default (a token or the session) and the public endpoints opt
out; that default is also what makes the docs page send the CSRF token when a
logged-in person tries the diary endpoints from it."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

import mesoplan
from mesoplan.web.api import clients, clinic_appointments, clinic_write, diary, intake_body, problems, public
from mesoplan.web.api.auth import PERSON

DESCRIPTION = """Screening and planning of microneedling and mesotherapy (anyone, nothing stored), and the
diary of the person calling (a bearer token from /account/tokens/, or the browser's session).
Errors: `{"error": ..., "field": ...}` with a 4xx. mesoplan supports decisions; it does not replace a doctor."""

class MesoplanAPI(NinjaAPI):
    """django-ninja's API, with the intake bodies' schemas among the components (they are read
    by the core parser, not by a body parameter django-ninja would describe by itself)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None,
                           path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema["components"]["schemas"].update(intake_body.COMPONENTS)
        return schema


api = MesoplanAPI(title="mesoplan", version=mesoplan.__version__, description=DESCRIPTION, urls_namespace="api",
               auth=PERSON, openapi_url="/openapi.json", docs_url="/docs")
problems.install(api)
api.add_router("", public.router)
api.add_router("", diary.router)
api.add_router("", clients.router)
api.add_router("", clinic_write.router)
api.add_router("", clinic_appointments.router)
