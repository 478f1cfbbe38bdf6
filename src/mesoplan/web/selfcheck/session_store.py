"""The last intake of a visitor, kept in their session so the answer and its downloads work without an account."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

KEY = "selfcheck_intake"


def remember(request: HttpRequest, data: dict[str, Any]) -> None:
    request.session[KEY] = data


def recall(request: HttpRequest) -> dict[str, Any] | None:
    data = request.session.get(KEY)
    return data if isinstance(data, dict) else None
