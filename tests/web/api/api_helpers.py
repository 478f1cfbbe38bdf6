"""Helpers of the API tests: a JSON client and the check of the error document."""

from __future__ import annotations

from typing import Any

from django.test import Client


class ApiClient:
    """Django's test client sending and reading JSON, with an optional bearer token."""

    def __init__(self, client: Client, secret: str = "") -> None:
        self.client = client
        self.secret = secret

    def call(self, method: str, path: str, body: Any = None, raw: str | None = None, **headers: str) -> Any:
        if self.secret:
            headers.setdefault("Authorization", f"Bearer {self.secret}")
        data = raw if raw is not None else body
        send = getattr(self.client, method.lower())
        kwargs: dict[str, Any] = {"headers": headers}
        if data is not None:
            kwargs |= {"data": data, "content_type": "application/json"}
        return send(path, **kwargs)

    def get(self, path: str, **headers: str) -> Any:
        return self.call("GET", path, **headers)

    def post(self, path: str, body: Any = None, raw: str | None = None) -> Any:
        return self.call("POST", path, body, raw)

    def put(self, path: str, body: Any = None) -> Any:
        return self.call("PUT", path, body)

    def delete(self, path: str) -> Any:
        return self.call("DELETE", path)


def assert_error(response: Any, status: int, field: str | None = None, text: str = "") -> dict[str, Any]:
    """The response is the API's error document with this status, field and (part of) message."""
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert set(body) == {"error", "field", "suggestions"}
    assert body["field"] == field
    assert text in body["error"]
    return body
