"""The create / change / delete pattern every diary list shares.

A form is saved inside one transaction (with any photo that comes with it), so
a failure leaves nothing half-way; an invalid form is shown again with each
message next to its field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mesoplan.web.diary.forms import OwnedForm
from mesoplan.web.records import access

PAGE_SIZE = 25  # rows of a diary list per page: its cost does not grow with the diary
_MARK = 987654321  # a row id no diary has, to reverse a row's URL once per page


class RowLinks:
    """The Change and Delete links of a list's rows, from two `reverse` calls a page rather than two a row
    (`{% url %}` in the row's template was a good part of a list's cost)."""

    def __init__(self, edit: str, delete: str) -> None:
        self._edit, self._delete = reverse(edit, args=[_MARK]), reverse(delete, args=[_MARK])

    def __call__(self, pk: int) -> tuple[str, str]:
        mark = str(_MARK)
        return self._edit.replace(mark, str(pk)), self._delete.replace(mark, str(pk))


def owned_or_404(request: HttpRequest, model: type[models.Model], pk: int) -> Any:
    """The row if it belongs to the person asking; 404 otherwise, so nobody learns it exists."""
    return access.owned_or_404(model, request.user, pk)


def form_page(request: HttpRequest, form_class: type[OwnedForm], *, title: str, success: str,
              instance: Any = None, after_save: Callable[[Any, OwnedForm], None] | None = None,
              initial: dict[str, Any] | None = None) -> HttpResponse:
    """Show a diary form, or save it and go to `success`."""
    form = form_class(request.POST or None, request.FILES or None, instance=instance, owner=request.user,
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            row = form.save(commit=False)
            row.owner = request.user
            row.save()
            form.save_m2m()
            if after_save is not None:
                after_save(row, form)
        messages.success(request, _("Saved."))
        return redirect(success)
    return render(request, "diary/form.html", {"form": form, "title": title, "instance": instance,
                                               "multipart": bool(request.FILES) or _has_file(form)})


def _has_file(form: OwnedForm) -> bool:
    return any(f.widget.needs_multipart_form for f in form.fields.values())


def delete_page(request: HttpRequest, model: type[models.Model], pk: int, success: str) -> HttpResponse:
    """Delete an owned row (POST only; the list pages carry the button)."""
    row = owned_or_404(request, model, pk)
    if request.method == "POST":
        row.delete()
        messages.success(request, _("Deleted."))
        return redirect(success)
    return render(request, "diary/confirm_delete.html", {"row": row, "cancel": success})
