"""Each form's own copy of its class's fields, made without `copy.deepcopy`'s generic walk.

Django gives every form a deep copy of its class's fields, so that one form changing a field (its
widget's attributes, its choices) leaves the class and the other forms alone. `copy.deepcopy` makes
it through the generic copy protocol, and copies each choice list item by item: a self-check
submission makes fourteen forms with some seventy fields, and those copies were about a sixth of the
submission's time on the server.

`CheaplyCopiedFields` makes the copies Django's own `__deepcopy__` methods make — a new field, a new
widget with its own `attrs`, the field's own error messages and validators — but shares the choices:
mesoplan's forms never change a choice list in place (they set new choices, or compute them in a
callable). Fields or widgets with copies of their own (a multi-value field, a multi-widget) are
copied by Django as before.
"""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.forms.forms import DeclarativeFieldsMetaclass


def _copy_method(cls: type) -> Any:
    return getattr(cls, "__deepcopy__", None)  # Django's stubs do not declare it


# The field and widget classes whose deep copy is the plain one described above; any other
# `__deepcopy__` (MultiValueField, MultiWidget...) copies more, and is left to do so.
_PLAIN_FIELD_COPIES = frozenset({_copy_method(forms.Field), _copy_method(forms.ChoiceField)})
_PLAIN_WIDGET_COPIES = frozenset({_copy_method(forms.Widget), _copy_method(forms.widgets.ChoiceWidget)})


def copied_field(field: forms.Field, memo: dict[int, Any]) -> forms.Field:
    """A field of its own for one form, as `copy.deepcopy(field)` makes it but sharing the choices."""
    widget = field.widget
    if _copy_method(type(field)) not in _PLAIN_FIELD_COPIES or _copy_method(type(widget)) not in _PLAIN_WIDGET_COPIES:
        return copy.deepcopy(field, memo)
    result = object.__new__(type(field))
    result.__dict__ = field.__dict__.copy()
    memo[id(field)] = result
    new_widget = object.__new__(type(widget))
    new_widget.__dict__ = widget.__dict__.copy()
    new_widget.attrs = widget.attrs.copy()
    memo[id(widget)] = new_widget
    result.widget = new_widget
    result.error_messages = field.error_messages.copy()
    result.validators = field.validators[:]
    return result


class CheaplyCopiedFields(dict[str, forms.Field]):
    """A form class's fields; `copy.deepcopy` of them (what each form does first) uses `copied_field`."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return {name: copied_field(field, memo) for name, field in self.items()}


class CheaplyCopiedFieldsMetaclass(DeclarativeFieldsMetaclass):
    """Django's metaclass for forms, with the class's fields kept as `CheaplyCopiedFields`."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> type:
        new_class = super().__new__(mcs, name, bases, attrs)
        new_class.base_fields = CheaplyCopiedFields(new_class.base_fields)  # type: ignore[attr-defined]
        return new_class


class CheaplyCopiedForm(forms.Form, metaclass=CheaplyCopiedFieldsMetaclass):
    """`forms.Form` whose forms copy its fields with `copied_field` (a model form keeps Django's metaclass)."""
