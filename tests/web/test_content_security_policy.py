"""A strict Content-Security-Policy on every page and answer, and templates that need nothing looser:
no inline script, no inline event handler, no inline style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

import mesoplan

pytestmark = pytest.mark.django_db

TEMPLATES = [p for p in Path(mesoplan.__file__).parent.rglob("templates/**/*.html")
             if "exports/templates" not in p.as_posix()]  # the PDF's template is never served
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=|<style", re.IGNORECASE)


def _directives(header: str) -> dict[str, str]:
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/check/", "/account/login/", "/api/health", "/api/docs", "/no/such/page/"])
def test_every_answer_carries_a_strict_policy(client: Client, path: str) -> None:
    policy = _directives(client.get(path)["Content-Security-Policy"])
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["object-src"] == "object-src 'none'" and policy["frame-ancestors"] == "frame-ancestors 'none'"


def test_a_logged_in_page_carries_it_too(client: Client, ana: object) -> None:
    assert "script-src 'self';" in client.get("/diary/")["Content-Security-Policy"]


def test_the_refusal_of_a_too_large_body_carries_it(client: Client) -> None:
    response = client.generic("POST", "/check/", b"x=1", content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH=str(11_000_000))
    assert response.status_code == 413 and "script-src 'self'" in response["Content-Security-Policy"]


def test_the_templates_were_found() -> None:
    assert len(TEMPLATES) > 30


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_no_template_has_inline_script_handlers_or_styles(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "an inline <script>: move it to a static file"
    assert not EVENT_HANDLER.search(text), "an inline on...= handler: bind it in a static script"
    assert not INLINE_STYLE.search(text), "an inline style: give it a class in the app's CSS"
