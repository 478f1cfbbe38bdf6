"""One page of a list endpoint, found by its key (keyset pagination): the rows after the cursor, in the
list's order, read with one query whatever the page's depth, and a `Link: <…>; rel="next"` header
while more follow.

The answer stays the JSON array it always was (decisions item 10: nothing renamed or removed); the
next page's address travels in the header, as RFC 8288 has it. The cursor is the last row's key,
base64url-encoded JSON: opaque to callers, checked on the way back (a bad one is a 422 naming
`cursor`)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Field, Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from pydantic import BaseModel
from pydantic import Field as Described

from mesoplan.core.i18n import N_
from mesoplan.errors import IntakeError

T = TypeVar("T")
MAX_LIMIT = 200
CURSOR_HELP = "where the next page starts: copy it from the `Link` header of the page before"
BAD_CURSOR = N_("not a cursor this list gave; start again without it")

# The header every paginated answer may carry, for the OpenAPI schema.
# The key is the status as django-ninja writes its own (an int): a "200" string would be a second key 200.
LINK_HEADER: dict[str, Any] = {"responses": {200: {"headers": {"Link": {
    "description": 'the next page, `<url>; rel="next"`, while more rows follow', "schema": {"type": "string"},
}}}}}


class PageQuery(BaseModel):
    limit: int = Described(50, ge=1, le=MAX_LIMIT, description="rows on one page")
    cursor: str = Described("", max_length=400, description=CURSOR_HELP)


def _encode(values: Sequence[Any]) -> str:
    text = json.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values])
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(cursor: str, count: int) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise IntakeError("cursor", BAD_CURSOR) from None
    if not isinstance(values, list) or len(values) != count:
        raise IntakeError("cursor", BAD_CURSOR)
    return values


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    found = model._meta.get_field(name)
    assert isinstance(found, Field), name  # a column of the model, not a relation's other end
    return found


def _after(model: type[Model], order: Sequence[str], cursor: str) -> Q:
    """Rows strictly after the cursor's row in `order` (fields, `-` for descending; the last unique)."""
    raw = _decode(cursor, len(order))
    names = [name.lstrip("-") for name in order]
    try:
        values = [_field(model, n).to_python(v) for n, v in zip(names, raw, strict=True)]
    except (ValidationError, TypeError):
        raise IntakeError("cursor", BAD_CURSOR) from None
    if any(v is None for v in values):
        raise IntakeError("cursor", BAD_CURSOR)
    after = Q()
    for i, name in enumerate(order):
        step = Q(**{f"{names[i]}__{'lt' if name.startswith('-') else 'gt'}": values[i]})
        after |= Q(**dict(zip(names[:i], values[:i], strict=True))) & step
    return after


def _link(request: HttpRequest, response: HttpResponse, cursor: str) -> None:
    query = request.GET.copy()
    query["cursor"] = cursor
    query.pop("offset", None)  # the cursor already says where the next page starts
    response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'


def keyset_page(request: HttpRequest, response: HttpResponse, rows: QuerySet[Any], order: Sequence[str],
                page: PageQuery, out: Callable[[Any], T], skip: int = 0) -> list[T]:
    """One page of `rows` in `order`, after `page.cursor` (and `skip` more rows), in one query."""
    if page.cursor:
        rows = rows.filter(_after(rows.model, order, page.cursor))
    found = list(rows.order_by(*order)[skip:skip + page.limit + 1])
    shown = found[:page.limit]
    if len(found) > page.limit:
        last = shown[-1]
        _link(request, response, _encode([getattr(last, n.lstrip("-")) for n in order]))
    return [out(row) for row in shown]


def list_page(request: HttpRequest, response: HttpResponse, items: Sequence[T], page: PageQuery) -> list[T]:
    """One page of a list already made in memory (a bounded one, such as the alerts); its cursor is a position."""
    start = _decode(page.cursor, 1)[0] if page.cursor else 0
    if not isinstance(start, int) or isinstance(start, bool) or start < 0:
        raise IntakeError("cursor", BAD_CURSOR)
    if start + page.limit < len(items):
        _link(request, response, _encode([start + page.limit]))
    return list(items[start:start + page.limit])
