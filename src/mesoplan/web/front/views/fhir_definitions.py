"""mesoplan's FHIR code systems and extension definitions, served at their canonical paths.

The canonical URLs are https://mesoplan.org/fhir/...; every mesoplan app serves the same
definitions at the same path under its own address (/fhir/CodeSystem/<name>,
/fhir/StructureDefinition/<name>), and /fhir/ lists them (docs/fhir.md). Public, read-only.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from mesoplan import services
from mesoplan.exports.fhir_codes import BASE
from mesoplan.exports.fhir_definitions import code_system_resource, published_urls, structure_definition

FHIR_JSON = "application/fhir+json"


def _answer(resource: object) -> JsonResponse:
    return JsonResponse(resource, content_type=FHIR_JSON, json_dumps_params={"ensure_ascii": False})


@require_GET
def index(request: HttpRequest) -> JsonResponse:
    """Every published definition: its canonical URL and where this app serves it."""
    served = [{"url": url, "served_at": request.build_absolute_uri("/fhir/" + url.removeprefix(BASE + "/"))}
              for url in published_urls(services.knowledge())]
    return JsonResponse({"canonical_base": BASE, "served_at": request.build_absolute_uri("/fhir/"),
                         "definitions": served})


@require_GET
def code_system(request: HttpRequest, name: str) -> JsonResponse:
    try:
        return _answer(code_system_resource(name, services.knowledge()))
    except KeyError:
        raise Http404(name) from None


@require_GET
def extension(request: HttpRequest, name: str) -> JsonResponse:
    try:
        return _answer(structure_definition(name))
    except KeyError:
        raise Http404(name) from None
