"""`{{ user|member_name }}`: a clinic member as lists call them (`clients.member_name`)."""

from __future__ import annotations

from typing import Any

from django import template

from mesoplan.web.clinic import clients

register = template.Library()


@register.filter
def member_name(user: Any) -> str:
    return clients.member_name(user)
