from __future__ import annotations

from django.urls import path

from mesoplan.web.front import language
from mesoplan.web.front.views import home, sources, words

app_name = "front"
urlpatterns = [
    path("", home.home, name="home"),
    path("words/", words.words, name="words"),
    path("words/<slug:category>/explain/", words.explain, name="explain"),
    path("sources/", sources.sources, name="sources"),
    path("language/", language.set_language, name="set_language"),
]
