"""The home page: what mesoplan does, and the way into the self-check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from mesoplan import services


def home(request: HttpRequest) -> HttpResponse:
    explanations = [(gettext(e.title), gettext(e.text)) for e in services.knowledge().explanations.values()]
    return render(request, "front/home.html", {"explanations": explanations})
