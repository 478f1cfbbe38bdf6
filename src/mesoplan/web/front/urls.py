from __future__ import annotations

from django.urls import path

from mesoplan.web.front import language
from mesoplan.web.front.views import fhir_definitions, home, sources, words

app_name = "front"
urlpatterns = [
    path("", home.home, name="home"),
    path("words/", words.words, name="words"),
    path("words/<slug:category>/explain/", words.explain, name="explain"),
    path("sources/", sources.sources, name="sources"),
    path("language/", language.set_language, name="set_language"),
    # mesoplan's FHIR definitions, at the path of their canonical URLs (https://mesoplan.org/fhir/...)
    path("fhir/", fhir_definitions.index, name="fhir_definitions"),
    path("fhir/CodeSystem/<slug:name>", fhir_definitions.code_system, name="fhir_code_system"),
    path("fhir/StructureDefinition/<slug:name>", fhir_definitions.extension, name="fhir_extension"),
]
