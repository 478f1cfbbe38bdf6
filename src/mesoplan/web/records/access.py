"""Fetching one of a person's own rows: 404 for anyone else's, and for ids no row can have."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

M = TypeVar("M", bound=models.Model)
MAX_ID = 2**63 - 1  # BigAutoField; a larger id in a URL would overflow PostgreSQL's bigint


def owned_or_404(model: type[M], owner: Any, pk: int) -> M:
    """The row `pk` of `model` if `owner` owns it; `Http404` otherwise, so nobody learns it exists."""
    if not 0 < pk <= MAX_ID:
        raise Http404
    return get_object_or_404(model._default_manager.filter(owner=owner), pk=pk)
