"""mesoplan's own FHIR code systems and extensions: each canonical URL the bundles use answers on the app, at the
same path, with JSON that fhir.resources reads as an R4B CodeSystem or StructureDefinition."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client as Browser
from fhir.resources.R4B.codesystem import CodeSystem
from fhir.resources.R4B.structuredefinition import StructureDefinition

from mesoplan.exports.fhir_codes import BASE
from mesoplan.exports.fhir_definitions import published_urls
from strategies import KB

pytestmark = pytest.mark.django_db


def _served(browser: Browser, url: str) -> dict[str, Any]:
    response = browser.get("/fhir/" + url.removeprefix(BASE + "/"))
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/fhir+json"
    data: dict[str, Any] = json.loads(response.content)
    return data


def test_every_published_url_answers_with_a_valid_r4b_definition(client: Browser) -> None:
    urls = published_urls(KB)
    assert len(urls) > 30
    for url in urls:
        data = _served(client, url)
        model = CodeSystem if data["resourceType"] == "CodeSystem" else StructureDefinition
        parsed = model.model_validate(data)
        assert parsed.url == url
        assert data["text"]["status"] == "generated"


def test_a_code_system_lists_each_knowledge_base_id_with_its_english_name(client: Browser) -> None:
    zones = _served(client, f"{BASE}/CodeSystem/zone")
    assert {c["code"]: c["display"] for c in zones["concept"]} == {z.id: z.name for z in KB.zones.values()}
    assert zones["content"] == "complete" and zones["version"] == KB.version


def test_an_extension_definition_says_where_it_goes_and_what_it_carries(client: Browser) -> None:
    passes = _served(client, f"{BASE}/StructureDefinition/passes")
    assert [c["expression"] for c in passes["context"]] == ["Procedure", "Procedure.bodySite"]
    value = next(e for e in passes["differential"]["element"] if e["path"] == "Extension.value[x]")
    assert value["type"] == [{"code": "integer"}] and passes["fhirVersion"] == "4.3.0"


def test_the_index_lists_every_definition_and_an_unknown_one_is_not_found(client: Browser) -> None:
    index = json.loads(client.get("/fhir/").content)
    assert [d["url"] for d in index["definitions"]] == published_urls(KB)
    assert index["definitions"][0]["served_at"].startswith("http://testserver/fhir/CodeSystem/")
    assert client.get("/fhir/CodeSystem/no-such-system").status_code == 404
    assert client.get("/fhir/StructureDefinition/no-such-extension").status_code == 404
