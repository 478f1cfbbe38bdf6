"""A page's form whose text is over Django's limit (but whose body is under the server's cap) comes back
as the form, with a message by each field that was too large (decisions item 3), not a bare error page.

Django refuses to parse form data whose fields (files aside) add up to more than
`DATA_UPLOAD_MAX_MEMORY_SIZE`. For a page's POST over that size, `read_oversized_form` reads the body
(at most the server's 10 MB cap, already checked), measures each field, and leaves out the largest
ones until the rest fits Django's limit; the request's `POST` is then the rest, which remembers the
names left out (`OversizedPost.oversized`). Files are left out too: a form shown again never keeps a
chosen file, so the person chooses it again anyway. A body within the limit is handed back to
Django untouched. Forms built on `OversizeAwareForm` put the message by the field left out.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any
from urllib.parse import unquote_plus

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters
from django.utils.translation import gettext_lazy as _

TOO_LONG = _("This is too long to be read: all the text of this form may be at most %(megabytes)d MB. "
             "Shorten it.")
STRAY_TOO_LONG = _("Part of what was sent was too long to be read and was left out. Try again.")


class OversizedPost(QueryDict):
    """The fields of a form that fitted Django's limit; `oversized` names the ones left out."""

    oversized: tuple[str, ...] = ()

    def __deepcopy__(self, memo: MutableMapping[int, Any]) -> OversizedPost:  # `copy()` too: a view may copy the POST
        result: OversizedPost = super().__deepcopy__(memo)
        result.oversized = self.oversized
        return result


class TooManyFieldsError(Exception):
    """More fields than Django allows (`DATA_UPLOAD_MAX_NUMBER_FIELDS`): refused as before."""


def read_oversized_form(request: HttpRequest) -> bool:
    """For a page's form POST over Django's limit: read it and keep what fits (see the module's docstring).
    True if fields were left out; False when the body fits and Django parses it as usual."""
    raw = request.read()
    fields = _fields(raw, request)
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    sizes = [len(name) + 2 + len(value) for name, value in fields]  # Django counts "&" and "=" too
    if sum(sizes) <= limit:
        request._body = raw  # Django parses it (files included) as usual
        return False
    left_out: set[int] = set()
    total = sum(sizes)
    for index in sorted(range(len(fields)), key=lambda i: -sizes[i]):
        if total <= limit:
            break
        left_out.add(index)
        total -= sizes[index]
    post = OversizedPost(mutable=True, encoding=request.encoding)
    for index, (name, value) in enumerate(fields):
        if index not in left_out:
            post.appendlist(name, value.decode(request.encoding or settings.DEFAULT_CHARSET, "replace"))
    post.oversized = tuple(dict.fromkeys(fields[i][0] for i in sorted(left_out)))
    post._mutable = False
    request._post, request._files = post, MultiValueDict()  # type: ignore[attr-defined]
    return True


def _fields(raw: bytes, request: HttpRequest) -> list[tuple[str, bytes]]:
    """Every text field of the body, in order, as (name, raw value); files are skipped."""
    if request.content_type == "multipart/form-data":
        boundary = (request.content_params or {}).get("boundary", "").encode("latin-1")
        fields = _multipart_fields(raw, boundary) if boundary else []
    else:
        fields = []
        for pair in raw.split(b"&") if raw else []:
            name, _sep, value = pair.partition(b"=")
            fields.append((unquote_plus(name.decode("latin-1"), encoding="utf-8", errors="replace"),
                           unquote_plus(value.decode("latin-1"), encoding="utf-8", errors="replace").encode()))
    if settings.DATA_UPLOAD_MAX_NUMBER_FIELDS is not None and len(fields) > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:
        raise TooManyFieldsError
    return fields


def _multipart_fields(raw: bytes, boundary: bytes) -> list[tuple[str, bytes]]:
    fields = []
    for part in raw.split(b"--" + boundary)[1:]:
        if part.startswith(b"--"):
            break  # the closing delimiter
        head, sep, value = part.partition(b"\r\n\r\n")
        if not sep:
            continue
        params: dict[str, str] = {}
        for line in head.decode("utf-8", "replace").split("\r\n"):
            if line.lower().startswith("content-disposition:"):
                params = parse_header_parameters(line.split(":", 1)[1])[1]
        if "name" in params and "filename" not in params:
            fields.append((params["name"], value.removesuffix(b"\r\n")))
    return fields


class OversizeAwareForm(forms.BaseForm):
    """A form that says, by the field, which of its fields was left out for being too long."""

    # A form that is a page's only form also reports, above it, a left-out name none of its fields has
    # (a field of a formset row, whose names carry a `-` prefix, is reported by its row).
    reports_stray_fields = True

    def full_clean(self) -> None:
        super().full_clean()
        oversized = getattr(self.data, "oversized", ())
        if not oversized or not self.is_bound:
            return
        mine = {self.add_prefix(name): name for name in self.fields}
        megabytes = max(1, (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) // (1024 * 1024))
        for sent in oversized:
            if sent in mine:  # its own message replaces any other (a required field left out is not empty)
                self.errors[mine[sent]] = self.error_class([TOO_LONG % {"megabytes": megabytes}])
                self.cleaned_data.pop(mine[sent], None)
            elif self.reports_stray_fields and "-" not in sent:
                stray = self.errors.setdefault(NON_FIELD_ERRORS, self.error_class(error_class="nonfield"))
                if STRAY_TOO_LONG not in stray:
                    stray.append(STRAY_TOO_LONG)

